"""The teller's desktop app: the only package that imports Qt (PySide6).

Generated Designer forms live in :mod:`tellerguard.gui.forms`; views compose them and keep logic
in presenters, which talk to the services, the engine and the domain, never to SQL.
"""
