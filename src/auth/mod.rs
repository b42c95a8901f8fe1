//! Authentication building blocks (passwords now; tokens and cv-auth with the identity work).

pub mod password;
