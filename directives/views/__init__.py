"""Pages of the directives app, one module per page family: documents (notices and their task rows),
tasks (list, page, edit, files), actions (the task page's and the cards' POSTs), queues (my unit's
tasks, the approval queue). Views stay thin: read through selectors, parse a form, call one service,
then redirect with a message or render the error; what a page shows is built by directives.presenters,
and who may do what is dtsystem.policy's answer (the services enforce it on every write)."""
