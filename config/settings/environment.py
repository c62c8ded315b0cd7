"""Where settings come from: the environment (django-environ), and the project's folder."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
