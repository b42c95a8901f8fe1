-- The ledger's guards (docs/money.md "The ledger"), enforced by the database itself so that no code
-- path, however concurrent, can overdraw a wallet or rewrite a final transaction.
--
-- A wallet carries its Paid sum (`balance`) and the magnitude of its Pending debits
-- (`committed`), maintained by the trigger below in the same statement as every
-- transaction insert, update or delete: they are never stale. `wallets_no_overdraft`
-- refuses any row where committed exceeds balance, that is a negative free balance. The
-- trigger's UPDATE of the wallet row takes its row lock, so concurrent writes to one
-- wallet are serialized and each sees the sums the previous one committed.

ALTER TABLE wallets
    ADD COLUMN balance   NUMERIC(20,4) NOT NULL DEFAULT 0,
    ADD COLUMN committed NUMERIC(20,4) NOT NULL DEFAULT 0
        CONSTRAINT wallets_committed_nonneg CHECK (committed >= 0),
    ADD CONSTRAINT wallets_no_overdraft CHECK (balance - committed >= 0),
    -- Lets transactions name their wallet and its currency in one foreign key.
    ADD CONSTRAINT wallets_network_id_id_currency_key UNIQUE (network_id, id, currency);

-- Existing rows (none before this API existed, but a migration must not assume it).
UPDATE wallets w SET
    balance = COALESCE((SELECT sum(t.transaction_amount) FROM transactions t
                        WHERE t.wallet_id = w.id AND t.payment_status = 1), 0),
    committed = COALESCE((SELECT sum(-t.transaction_amount) FROM transactions t
                          WHERE t.wallet_id = w.id AND t.payment_status = 0
                            AND t.transaction_amount < 0), 0);

-- A wallet's transaction is in the wallet's currency. The trigger fills a missing
-- currency from the wallet; the foreign key refuses a different one.
ALTER TABLE transactions
    ADD CONSTRAINT transactions_wallet_currency_fk
        FOREIGN KEY (network_id, wallet_id, transaction_currency)
        REFERENCES wallets (network_id, id, currency);

-- What a transaction adds to its wallet's balance and committed sums.
CREATE FUNCTION ledger_apply(wallet UUID, status SMALLINT, amount NUMERIC, sign INT)
RETURNS VOID AS $$
BEGIN
    IF wallet IS NULL THEN
        RETURN;
    END IF;
    UPDATE wallets SET
        balance = balance + sign * CASE WHEN status = 1 THEN amount ELSE 0 END,
        committed = committed + sign * CASE WHEN status = 0 AND amount < 0 THEN -amount ELSE 0 END
    WHERE id = wallet;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION transactions_ledger() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM ledger_apply(OLD.wallet_id, OLD.payment_status, OLD.transaction_amount, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM ledger_apply(NEW.wallet_id, NEW.payment_status, NEW.transaction_amount, 1);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER transactions_ledger
    AFTER INSERT OR UPDATE OF wallet_id, payment_status, transaction_amount OR DELETE
    ON transactions
    FOR EACH ROW EXECUTE FUNCTION transactions_ledger();

-- A transaction's money never changes once written (corrections are new transactions),
-- and only a Pending one may change status. Replaces the guard of the money migration,
-- which let a Pending transaction's amount, currency, wallet and user be edited. What
-- stays editable on every row: the description, confirmation number, payment service
-- and its log id, the original amount and currency, custom fields and the payout.
-- A wallet's transaction without a currency takes the wallet's.
CREATE OR REPLACE FUNCTION transactions_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (
           NEW.transaction_amount IS DISTINCT FROM OLD.transaction_amount
        OR NEW.transaction_currency IS DISTINCT FROM OLD.transaction_currency
        OR NEW.wallet_id IS DISTINCT FROM OLD.wallet_id
        OR NEW.user_id IS DISTINCT FROM OLD.user_id
        OR NEW.network_id IS DISTINCT FROM OLD.network_id
    ) THEN
        RAISE EXCEPTION 'the money of transaction % cannot change', OLD.id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'transactions_money_fixed';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.payment_status <> 0 AND (
           NEW.payment_status IS DISTINCT FROM OLD.payment_status
        OR NEW.paid_at IS DISTINCT FROM OLD.paid_at
    ) THEN
        RAISE EXCEPTION 'transaction % is final (payment_status %)', OLD.id, OLD.payment_status
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'transactions_final_status';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.wallet_id IS NOT NULL AND NEW.transaction_currency IS NULL THEN
        SELECT currency INTO NEW.transaction_currency FROM wallets WHERE id = NEW.wallet_id;
    END IF;
    IF NEW.payment_status = 1 THEN
        IF TG_OP = 'INSERT' THEN
            NEW.paid_at := COALESCE(NEW.paid_at, now());
        ELSIF OLD.payment_status <> 1 THEN
            NEW.paid_at := now();
        END IF;
    ELSE
        NEW.paid_at := NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- A final transaction is never deleted. Deleting its network (which cascades) still
-- works: rows removed by a cascade come from a trigger, one level deeper.
CREATE FUNCTION transactions_keep_final() RETURNS trigger AS $$
BEGIN
    IF OLD.payment_status <> 0 AND pg_trigger_depth() = 1 THEN
        RAISE EXCEPTION 'transaction % is final (payment_status %)', OLD.id, OLD.payment_status
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'transactions_final_status';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER transactions_keep_final
    BEFORE DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION transactions_keep_final();
