"""The use cases the faces call: load and update lists, screen and raise alerts, monitor a
portfolio, raise findings, build cases and reports; and the services of a running server.

The CLI commands, the API's routers and the workbench's views parse their input, call
one function here and render its result; none holds business logic of its own.
"""
