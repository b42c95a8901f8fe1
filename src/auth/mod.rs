//! Authentication: passwords, session tokens, the `cv-auth` header, and resolving who is
//! asking (the viewer) from a request's credentials.

pub mod cvauth;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;
pub mod viewer;
