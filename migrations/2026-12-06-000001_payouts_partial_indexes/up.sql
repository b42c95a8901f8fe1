-- An investor's payout has no offering_id and most payouts no capitalization_id: index
-- only the rows that have one. A large payment schedule (hundreds of thousands of
-- investor payouts in one transaction) then updates two indexes fewer per row, and the
-- lookups by offering or capitalization (`= value`, which implies NOT NULL) use the same
-- indexes as before.
DROP INDEX payouts_network_offering_idx;
CREATE INDEX payouts_network_offering_idx ON payouts (network_id, offering_id, due_date)
    WHERE offering_id IS NOT NULL;
DROP INDEX payouts_network_capitalization_idx;
CREATE INDEX payouts_network_capitalization_idx ON payouts (network_id, capitalization_id)
    WHERE capitalization_id IS NOT NULL;
