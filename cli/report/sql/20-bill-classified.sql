-- Each summed line: trimmed, its tags as a map, whether it is AI spend (the same patterns the
-- report's domain applies), and the outcome, team and cost center its tags name.
CREATE OR REPLACE TEMP VIEW bill_tagged AS
SELECT
  _bad,
  upper(trim(BillingCurrency)) AS BillingCurrency,
  trim(ServiceName) AS ServiceName,
  trim(x_ServiceCode) AS x_ServiceCode,
  trim(ResourceId) AS ResourceId,
  trim(SubAccountId) AS SubAccountId,
  trim(RegionId) AS RegionId,
  CASE
    WHEN Tags_map IS NOT NULL THEN Tags_map
    WHEN coalesce(trim(Tags_json), '') = '' THEN MAP {}::MAP(VARCHAR, VARCHAR)
    WHEN json_valid(Tags_json) AND json_type(Tags_json) = 'OBJECT'
      THEN CAST(CAST(Tags_json AS JSON) AS MAP(VARCHAR, VARCHAR))
  END AS tag_map,
  DATE '1970-01-01' + CAST(ChargeDayNumber AS INTEGER) AS ChargeDay,
  strftime(DATE '1970-01-01' + CAST(ChargeDayNumber AS INTEGER), '%Y-%m') AS ChargeMonth,
  lines,
  EffectiveCost,
  BilledCost,
  last_end_ms
FROM bill_lines;

-- A table: the queries below all read it, and the patterns run once per summed line.
CREATE OR REPLACE TEMP TABLE bill_classified AS
SELECT
  *,
  {{ai_service}} AS ai_service,
  {{ai_model}} AS ai_model,
  {{outcome}} AS outcome,
  {{team}} AS team,
  {{cost_center}} AS cost_center
FROM bill_tagged
WHERE _bad IS NULL AND tag_map IS NOT NULL;
