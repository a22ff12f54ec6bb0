import os

from django.core.wsgi import get_wsgi_application

from madinati.checks import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madinati.settings")
application = get_wsgi_application()
require_secret_key()  # gunicorn and runserver refuse to start with DEBUG off and no key
