"""What the tests share, in one place (test modules import from here, never from each other or from a
conftest):

- `personas`: the persona units and users (fixtures `office`, `lead`, `staff`, `other_lead`, `coord_lead`,
  `committee`, `admin_user`, `personas`, ...), registered for every test by tests/conftest.py;
- `world`: builders of documents, tasks, plans, KPI targets and budget lines, and the hand-built data
  sets whose every figure is known (the dashboard's world, the reports' data set);
- `permissions`: the generic permission test (every write of an app × every persona);
- `routes`: which permission module declares which routes of the URL conf;
- `directives`: the notice pages' form data; `files`: spreadsheet uploads; `browser`: headless Chromium;
  `mail`: e-mail backends that fail on purpose.
"""
