"""The web app's routers, one per part of the site; ``app.create_app`` includes them in order."""
