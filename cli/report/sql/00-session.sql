-- OutcomeGuard report: session settings. Charge days and months are UTC calendar days.
SET TimeZone = 'UTC';
