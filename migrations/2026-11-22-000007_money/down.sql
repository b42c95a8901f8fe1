DROP TABLE transactions;
DROP FUNCTION transactions_guard();
DROP TABLE payouts;
DROP TABLE wallets;
