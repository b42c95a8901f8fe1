DROP INDEX payouts_network_offering_idx;
CREATE INDEX payouts_network_offering_idx ON payouts (network_id, offering_id, due_date);
DROP INDEX payouts_network_capitalization_idx;
CREATE INDEX payouts_network_capitalization_idx ON payouts (network_id, capitalization_id);
