DROP TABLE user_access_denied_logs;
DROP TABLE user_bank_accounts;
DROP TABLE user_addresses;
DROP TABLE users;
