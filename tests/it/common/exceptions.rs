//! The documented exceptions of the seeds, shared by the GraphQL and REST tests.

/// The documented exceptions, copied verbatim from seeds/002_338b46960d33f2b9.txt.
pub const DOCUMENTED: &[(i64, i64, &str, &str)] = &[
    (
        10001,
        409,
        "Passwords do not match",
        "The password and password_confirm fields are not equal",
    ),
    (
        10002,
        404,
        "Email address not recognized. Please check that you have entered the correct email address without any typos",
        "No User with this email address was found",
    ),
    (
        10003,
        400,
        "Failed to reset password",
        "Invalid secret parameter. Please check that you are correctly parsing the secret string from the link sent in the User\\'s email.",
    ),
    (
        10004,
        409,
        "Your password reset link has expired - please request a new verification email and click the link within 24 hours",
        "The User's password reset link has expired after 24 hours. Please allow the User to request a new link in order to reset their password.",
    ),
    (
        10005,
        400,
        "Failed to reset password",
        "Parameter missing: user_id",
    ),
    (
        10006,
        400,
        "Failed to reset password",
        "Parameter missing: secret",
    ),
    (
        10007,
        400,
        "Failed to reset password",
        "Parameter missing: password",
    ),
    (
        10008,
        400,
        "Failed to reset password",
        "Parameter missing: password_confirm",
    ),
    (
        10009,
        400,
        "Failed to send forgot password link",
        "Parameter missing: email",
    ),
    (
        10010,
        400,
        "Failed to send forgot password link",
        "Parameter missing: url",
    ),
    (
        10011,
        404,
        "Email address not recognized - please check that you have entered the correct email address without any typos",
        "No User with this email address was found",
    ),
    (
        10012,
        400,
        "Invalid email address - please check that you have entered the correct email address without any typos",
        "The User entered an invalid email address",
    ),
    (
        10017,
        400,
        "Failed to re-send verification email",
        "Parameter missing: email",
    ),
    (
        10018,
        400,
        "Failed to re-send verification email",
        "Parameter missing: url",
    ),
    (
        10019,
        404,
        "Email address not recognized - please check that you have entered the correct email address without any typos",
        "No User with this email address was found",
    ),
    (
        10020,
        400,
        "Invalid email address - please check that you have entered the correct email address without any typos",
        "The User entered an invalid email address",
    ),
    (
        10021,
        409,
        "You have already verified your email address",
        "The User already has email_verified set to true",
    ),
    (
        10022,
        400,
        "Invalid email address - please check that you have entered the correct email address without any typos",
        "The User entered an invalid email address",
    ),
];
