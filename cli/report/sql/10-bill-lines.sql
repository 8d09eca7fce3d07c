-- One pass over the bill: lines summed per charge day, currency, service, resource, account,
-- region and tags. Everything after this reads the (much smaller) sums. The keys are grouped
-- as the bill spells them (trimmed later, on the sums), the day as a day number (UTC), and a
-- Parquet tag map by its 64-bit hash (its value kept): cheap keys keep the pass near scan speed.
-- focus_bill is the bill with FOCUS column names (see the view above, built for the inputs).
-- _bad names the first required column a line lacks (NULL when the line is whole).
CREATE OR REPLACE TEMP TABLE bill_lines AS
SELECT
  _bad,
  BillingCurrency,
  ServiceName,
  x_ServiceCode,
  ResourceId,
  SubAccountId,
  RegionId,
  Tags_json,
  Tags_hash,
  any_value(Tags_map) AS Tags_map,
  ChargeStartMs // 86400000 AS ChargeDayNumber,
  count(*) AS lines,
  sum(EffectiveCost) AS EffectiveCost,
  sum(BilledCost) AS BilledCost,
  max(ChargeEndMs) AS last_end_ms
FROM focus_bill
GROUP BY _bad, BillingCurrency, ServiceName, x_ServiceCode, ResourceId, SubAccountId, RegionId,
  Tags_json, Tags_hash, ChargeDayNumber;
