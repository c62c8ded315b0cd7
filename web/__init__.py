"""Pages of the site as a whole (no models): what spans articles and claims."""
