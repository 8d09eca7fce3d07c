-- Each summed line: its tags as a map, whether it is AI spend (the same patterns the report's
-- domain applies), and the outcome, team and cost center its tags name.
CREATE OR REPLACE TEMP VIEW bill_tagged AS
SELECT
  *,
  CASE
    WHEN Tags_map IS NOT NULL THEN Tags_map
    WHEN coalesce(trim(Tags_json), '') = '' THEN MAP {}::MAP(VARCHAR, VARCHAR)
    WHEN json_valid(Tags_json) AND json_type(Tags_json) = 'OBJECT'
      THEN CAST(CAST(Tags_json AS JSON) AS MAP(VARCHAR, VARCHAR))
  END AS tag_map,
  strftime(ChargeDay, '%Y-%m') AS ChargeMonth
FROM bill_lines;

CREATE OR REPLACE TEMP VIEW bill_classified AS
SELECT
  *,
  {{ai_service}} AS ai_service,
  {{ai_model}} AS ai_model,
  {{outcome}} AS outcome,
  {{team}} AS team,
  {{cost_center}} AS cost_center
FROM bill_tagged
WHERE _bad IS NULL AND tag_map IS NOT NULL;
