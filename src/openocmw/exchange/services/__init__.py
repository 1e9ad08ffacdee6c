"""The services of the exchange app, by concept: ``consult`` (consultations with a purpose),
``mutations`` (the file drop and the proposals on the file), ``crosschecks`` (the nightly
comparison), ``ebox`` (warnings, their resolution, the inspection register) and
``socialreport`` (the electronic social report between OCMWs)."""
