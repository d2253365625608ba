"""Setting a site up: ``manage.py load_initial_data`` loads what every app needs to run.

It sits above every other app (last in INSTALLED_APPS) because it calls into all of them: the
fixtures of procedures and delegation, the importer, the handbook's seed guidance, the demo
accounts and the questions' units and demo data. No app calls a command of an app above it.
"""
