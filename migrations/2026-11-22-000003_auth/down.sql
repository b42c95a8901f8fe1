DROP TABLE login_attempts;
DROP TABLE user_secrets;
DROP TABLE cv_auth_nonces;
DROP TABLE auth_tokens;
