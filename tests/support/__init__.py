"""What the tests share, in one place. Test modules import from here, never from each other nor from a
conftest (tests/core/test_test_suite.py holds that rule); fixtures reach the tests through conftest.py.

- `personas`: the persona units and users, one table (fixtures `office`, `lead`, `staff`, `other_lead`,
  `coord_lead`, `committee`, `admin_user`, `personas`, the units `office_unit`, `own_unit`, ...; `api`);
- `world`: builders of documents, tasks, plans, KPI targets, budget lines, and `build_world` for a data
  set declared as a WorldSpec; `worlds`: the data sets whose every figure is known (dashboard, reports);
- `permissions`: the generic permission matrix (every action of an app × every persona);
  `routes`: which matrix declares which route of the URL conf;
- `directives`: notices and the notice form's POST data; `files`: uploads; `browser`: headless
  Chromium; `reminders`: the reminder tests' today and e-mail backends that fail on purpose.
"""
