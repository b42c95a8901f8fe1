DROP TRIGGER transactions_keep_final ON transactions;
DROP FUNCTION transactions_keep_final();
DROP TRIGGER transactions_ledger ON transactions;
DROP FUNCTION transactions_ledger();
DROP FUNCTION ledger_apply(UUID, SMALLINT, NUMERIC, INT);
ALTER TABLE transactions DROP CONSTRAINT transactions_wallet_currency_fk;
ALTER TABLE wallets
    DROP CONSTRAINT wallets_network_id_id_currency_key,
    DROP CONSTRAINT wallets_no_overdraft,
    DROP COLUMN committed,
    DROP COLUMN balance;
-- The money migration's guard, as it was.
CREATE OR REPLACE FUNCTION transactions_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.payment_status <> 0 AND (
           NEW.payment_status IS DISTINCT FROM OLD.payment_status
        OR NEW.transaction_amount IS DISTINCT FROM OLD.transaction_amount
        OR NEW.transaction_currency IS DISTINCT FROM OLD.transaction_currency
        OR NEW.wallet_id IS DISTINCT FROM OLD.wallet_id
        OR NEW.user_id IS DISTINCT FROM OLD.user_id
        OR NEW.paid_at IS DISTINCT FROM OLD.paid_at
    ) THEN
        RAISE EXCEPTION 'transaction % is final (payment_status %)', OLD.id, OLD.payment_status
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'transactions_final_status';
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
