"""The reader's pages, one module per family of pages. Thin views: read the request (through
``portal.params``), ask a selector or a service, render."""
