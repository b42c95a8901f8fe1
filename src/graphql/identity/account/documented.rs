//! The documented exceptions 10001–10022 of the account flows (`docs/errors.md`), raised
//! with their exact numbers, statuses and messages: the REST shim passes them through
//! unchanged.

use crate::error::{ApiError, Code, codes};

/// The documented exceptions of the public account routes (`docs/errors.md`):
/// `(code with its HTTP status, user message, developer message)`, verbatim (10003 keeps the
/// `\'` of the platform's reference). 10013–10016 are not documented anywhere and are not
/// used; 10011 (forgotPassword, unknown email) is kept but never raised, so anonymous
/// callers cannot enumerate accounts.
pub const DOCUMENTED: &[(Code, &str, &str)] = &[
    (
        codes::PASSWORDS_DIFFER,
        "Passwords do not match",
        "The password and password_confirm fields are not equal",
    ),
    (
        codes::RESET_USER_UNKNOWN,
        "Email address not recognized. Please check that you have entered the correct email \
         address without any typos",
        "No User with this email address was found",
    ),
    (
        codes::RESET_SECRET_INVALID,
        "Failed to reset password",
        "Invalid secret parameter. Please check that you are correctly parsing the secret \
         string from the link sent in the User\\'s email.",
    ),
    (
        codes::RESET_LINK_EXPIRED,
        "Your password reset link has expired - please request a new verification email and \
         click the link within 24 hours",
        "The User's password reset link has expired after 24 hours. Please allow the User to \
         request a new link in order to reset their password.",
    ),
    (
        codes::RESET_MISSING_USER_ID,
        "Failed to reset password",
        "Parameter missing: user_id",
    ),
    (
        codes::RESET_MISSING_SECRET,
        "Failed to reset password",
        "Parameter missing: secret",
    ),
    (
        codes::RESET_MISSING_PASSWORD,
        "Failed to reset password",
        "Parameter missing: password",
    ),
    (
        codes::RESET_MISSING_PASSWORD_CONFIRM,
        "Failed to reset password",
        "Parameter missing: password_confirm",
    ),
    (
        codes::FORGOT_MISSING_EMAIL,
        "Failed to send forgot password link",
        "Parameter missing: email",
    ),
    (
        codes::FORGOT_MISSING_URL,
        "Failed to send forgot password link",
        "Parameter missing: url",
    ),
    (
        codes::FORGOT_EMAIL_UNKNOWN,
        EMAIL_NOT_RECOGNIZED,
        "No User with this email address was found",
    ),
    (
        codes::FORGOT_EMAIL_INVALID,
        INVALID_EMAIL_USER,
        INVALID_EMAIL_DEVELOPER,
    ),
    (
        codes::RESEND_MISSING_EMAIL,
        "Failed to re-send verification email",
        "Parameter missing: email",
    ),
    (
        codes::RESEND_MISSING_URL,
        "Failed to re-send verification email",
        "Parameter missing: url",
    ),
    (
        codes::VERIFY_USER_UNKNOWN,
        EMAIL_NOT_RECOGNIZED,
        "No User with this email address was found",
    ),
    (
        codes::RESEND_EMAIL_INVALID,
        INVALID_EMAIL_USER,
        INVALID_EMAIL_DEVELOPER,
    ),
    (
        codes::EMAIL_ALREADY_VERIFIED,
        "You have already verified your email address",
        "The User already has email_verified set to true",
    ),
    (
        codes::NEWSLETTER_EMAIL_INVALID,
        INVALID_EMAIL_USER,
        INVALID_EMAIL_DEVELOPER,
    ),
];

const EMAIL_NOT_RECOGNIZED: &str = "Email address not recognized - please check that you have \
                                    entered the correct email address without any typos";
const INVALID_EMAIL_USER: &str = "Invalid email address - please check that you have entered \
                                  the correct email address without any typos";
const INVALID_EMAIL_DEVELOPER: &str = "The User entered an invalid email address";

/// The documented exception `code` (one of [`DOCUMENTED`]) as an [`ApiError`].
pub fn documented(code: Code) -> ApiError {
    match DOCUMENTED.iter().find(|(c, ..)| *c == code) {
        Some(&(code, user, developer)) => ApiError::new(code, user, developer),
        None => ApiError::internal(format!("exception {} is not documented", code.number())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_has_one_entry() {
        let mut seen: Vec<u32> = DOCUMENTED.iter().map(|(c, ..)| c.number()).collect();
        seen.sort_unstable();
        let expected: Vec<u32> = (10001..=10022)
            .filter(|c| !(10013..=10016).contains(c))
            .collect();
        assert_eq!(seen, expected);
        let err = documented(codes::EMAIL_ALREADY_VERIFIED);
        assert_eq!(err.status, 409);
        assert_eq!(
            err.user_message,
            "You have already verified your email address"
        );
    }
}
