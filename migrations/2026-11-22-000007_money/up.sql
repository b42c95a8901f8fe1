-- Money: internal wallets, payouts (scheduled/expected payments: dividends, capital gains,
-- loan repayments; the seeds' "payment schedules") and transactions (actual payments,
-- against a payout and/or moving a wallet's balance).
-- Source: seeds/001_d17389470978c889.txt (Payout, Transaction, Wallet),
-- seeds/002_338b46960d33f2b9.txt (/self/wallets, /wallets/{id}/transactions,
-- /offerings|investments/{id}/payouts, generatePaymentSchedule, /transactions/{id}),
-- DESIGN.md §5, §9.
-- Balances, paid flags, paid_at of payouts, transactions_paid, capital_outstanding etc.
-- are computed from these rows (DESIGN §9), never stored.

-- A user's internal wallet. balance = sum of Paid transaction amounts; committed_balance
-- = sum of |amount| of Pending negative ones; free_balance = balance - committed. The
-- no-overdraft rule is enforced by the service: it locks the wallet row
-- (SELECT ... FOR UPDATE) before summing and inserting a debit.
CREATE TABLE wallets (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id  UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id     UUID NOT NULL,
    currency    TEXT NOT NULL
                CONSTRAINT wallets_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT wallets_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT wallets_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX wallets_network_user_idx ON wallets (network_id, user_id, created_at);
SELECT diesel_manage_updated_at('wallets');


-- A scheduled payment owed to user_id. Seed 001 attaches a payout to an investment
-- (investor's dividend / repayment); seed 002 also attaches schedules directly to an
-- offering (a borrower's repayment schedule), and a payout may point at the
-- capitalization it pays out on (portfolio dividends_received). At least one of
-- investment_id / offering_id is required. A payout is "paid" when its Paid
-- transactions sum to >= payout_amount (computed).
CREATE TABLE payouts (
    id                     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id             UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    -- The owner of the payout (investor, or the borrower for an offering's schedule).
    user_id                UUID NOT NULL,
    investment_id          UUID,
    offering_id            UUID,
    capitalization_id      UUID,

    -- 0 Dividend, 1 Capital Gain, 2 Loan Repayment (DESIGN §5; seed 002 lists 1 and 2
    -- the other way round in places, DESIGN and seed 001 win).
    payout_type            SMALLINT NOT NULL DEFAULT 0
                           CONSTRAINT payouts_payout_type_range CHECK (payout_type BETWEEN 0 AND 2),
    additional_type        TEXT,
    currency               TEXT
                           CONSTRAINT payouts_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
    due_date               DATE,
    payout_amount          NUMERIC(20,4) NOT NULL
                           CONSTRAINT payouts_payout_amount_nonneg CHECK (payout_amount >= 0),
    minimum_payment        NUMERIC(20,4)
                           CONSTRAINT payouts_minimum_payment_nonneg CHECK (minimum_payment >= 0),
    late_fee               NUMERIC(20,4)
                           CONSTRAINT payouts_late_fee_nonneg CHECK (late_fee >= 0),
    charge_offs            NUMERIC(20,4)
                           CONSTRAINT payouts_charge_offs_nonneg CHECK (charge_offs >= 0),
    net_recoveries         NUMERIC(20,4)
                           CONSTRAINT payouts_net_recoveries_nonneg CHECK (net_recoveries >= 0),
    service_charge         NUMERIC(20,4)
                           CONSTRAINT payouts_service_charge_nonneg CHECK (service_charge >= 0),
    -- A rate of return: may be negative.
    net_annualized_return  NUMERIC(9,4),

    custom                 JSONB NOT NULL DEFAULT '{}'
                           CONSTRAINT payouts_custom_object CHECK (jsonb_typeof(custom) = 'object'),
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT payouts_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT payouts_attached CHECK (investment_id IS NOT NULL OR offering_id IS NOT NULL),
    CONSTRAINT payouts_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT payouts_investment_fk FOREIGN KEY (network_id, investment_id)
        REFERENCES investments (network_id, id),
    CONSTRAINT payouts_offering_fk FOREIGN KEY (network_id, offering_id)
        REFERENCES offerings (network_id, id),
    CONSTRAINT payouts_capitalization_fk FOREIGN KEY (network_id, capitalization_id)
        REFERENCES capitalizations (network_id, id)
);
CREATE INDEX payouts_network_user_idx ON payouts (network_id, user_id, due_date);
CREATE INDEX payouts_network_investment_idx ON payouts (network_id, investment_id, due_date);
CREATE INDEX payouts_network_offering_idx ON payouts (network_id, offering_id, due_date);
CREATE INDEX payouts_network_capitalization_idx ON payouts (network_id, capitalization_id);
CREATE INDEX payouts_network_created_at_idx ON payouts (network_id, created_at DESC);
SELECT diesel_manage_updated_at('payouts');


-- An actual payment. Sign convention (DESIGN §9, which wins over seed 001's wording):
-- for a wallet, a positive amount adds funds and a negative amount is a debit; the
-- balance is the plain sum of Paid amounts. Payout transactions are positive payments
-- towards the payout. A transaction belongs to a wallet, a payout, or both.
CREATE TABLE transactions (
    id                             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id                     UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    -- The user whose money moves (the wallet owner / the payer).
    user_id                        UUID NOT NULL,
    wallet_id                      UUID,
    payout_id                      UUID,

    -- 0 Pending, 1 Paid (default), 2 Cancelled, 3 Failed.
    payment_status                 SMALLINT NOT NULL DEFAULT 1
                                   CONSTRAINT transactions_payment_status_range
                                   CHECK (payment_status BETWEEN 0 AND 3),
    -- 0 Offline, 1 MangoPay, 2 GCEN, 3 GoCardless.
    payment_service                SMALLINT NOT NULL DEFAULT 0
                                   CONSTRAINT transactions_payment_service_range
                                   CHECK (payment_service BETWEEN 0 AND 3),
    -- Signed on purpose (debits are negative); never zero.
    transaction_amount             NUMERIC(20,4) NOT NULL
                                   CONSTRAINT transactions_amount_nonzero CHECK (transaction_amount <> 0),
    transaction_currency           TEXT
                                   CONSTRAINT transactions_currency_iso CHECK (transaction_currency ~ '^[A-Z]{3}$'),
    original_transaction_amount    NUMERIC(20,4),
    original_transaction_currency  TEXT
                                   CONSTRAINT transactions_original_currency_iso
                                   CHECK (original_transaction_currency ~ '^[A-Z]{3}$'),
    transaction_description        TEXT,
    confirmation_number            TEXT,
    payment_service_log_id         TEXT,

    custom                         JSONB NOT NULL DEFAULT '{}'
                                   CONSTRAINT transactions_custom_object CHECK (jsonb_typeof(custom) = 'object'),

    -- When the transaction became Paid; maintained by the trigger below. A payout's
    -- paid_at (computed) is the paid_at of the transaction that made its Paid sum reach
    -- payout_amount.
    paid_at                        TIMESTAMPTZ,
    created_at                     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                     TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT transactions_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT transactions_attached CHECK (wallet_id IS NOT NULL OR payout_id IS NOT NULL),
    CONSTRAINT transactions_paid_at_iff_paid CHECK ((payment_status = 1) = (paid_at IS NOT NULL)),
    CONSTRAINT transactions_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT transactions_wallet_fk FOREIGN KEY (network_id, wallet_id)
        REFERENCES wallets (network_id, id),
    CONSTRAINT transactions_payout_fk FOREIGN KEY (network_id, payout_id)
        REFERENCES payouts (network_id, id)
);
-- Wallet balances (sum by status) and wallet statements.
CREATE INDEX transactions_network_wallet_idx
    ON transactions (network_id, wallet_id, payment_status, created_at);
-- Payout paid sums / transactions_paid / paid_at.
CREATE INDEX transactions_network_payout_idx
    ON transactions (network_id, payout_id, payment_status, paid_at);
CREATE INDEX transactions_network_user_idx ON transactions (network_id, user_id, created_at DESC);
CREATE INDEX transactions_network_created_at_idx ON transactions (network_id, created_at DESC);
SELECT diesel_manage_updated_at('transactions');

-- Paid, Cancelled and Failed are final (DESIGN §9: corrections are new transactions): once
-- a transaction left Pending, its status, amount, currency, wallet, user and paid_at can
-- no longer change (descriptive fields, confirmation numbers, custom and the payout
-- association stay editable, as PATCH /transactions allows). The trigger also stamps
-- paid_at on entry into Paid (keeping an explicit value given at INSERT, for imports)
-- and clears it for other statuses, so balances and payout paid_at never disagree with
-- the status. The errors carry a constraint name so the service can map them to 409.
CREATE FUNCTION transactions_guard() RETURNS trigger AS $$
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

CREATE TRIGGER transactions_guard
    BEFORE INSERT OR UPDATE ON transactions
    FOR EACH ROW EXECUTE FUNCTION transactions_guard();
