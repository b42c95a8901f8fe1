CREATE INDEX bulletins_network_offering_idx ON bulletins (network_id, offering_id, created_at DESC);
DROP INDEX bulletins_network_offering_newest_idx;
CREATE INDEX investments_network_offering_stage_idx
    ON investments (network_id, offering_id, life_cycle_stage);
DROP INDEX investments_network_offering_figures_idx;
DROP INDEX investments_network_offering_newest_idx;
