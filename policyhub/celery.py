import os

from celery import Celery

from countries.logs import connect_task_signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policyhub.settings")

app = Celery("policyhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
connect_task_signals()
