-- Indexes for the nested read path (issue 6, bench/RESULTS.md).

-- "The newest N investments of each offering" walks this index per offering and stops
-- after N visible rows, instead of reading and ranking every investment of the page's
-- offerings.
CREATE INDEX investments_network_offering_newest_idx
    ON investments (network_id, offering_id, created_at DESC, id DESC);

-- The figures of an offering (amount raised, investment and investor counts) are
-- aggregated from this index alone (an index-only scan): investments of one offering are
-- spread over the heap, and visiting each of their pages cost more than the aggregate.
CREATE INDEX investments_network_offering_figures_idx
    ON investments (network_id, offering_id, life_cycle_stage)
    INCLUDE (investment_amount, user_id);

-- Same leading columns as the index above, which now serves its lookups too.
DROP INDEX investments_network_offering_stage_idx;

-- Same ordering for bulletins, with the id as the tie-breaker the queries use.
CREATE INDEX bulletins_network_offering_newest_idx
    ON bulletins (network_id, offering_id, created_at DESC, id DESC);
DROP INDEX bulletins_network_offering_idx;
