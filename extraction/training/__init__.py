"""Training tools: the cue model, the statement tagger and the speaker registry's data file.
Nothing here runs in the product."""
