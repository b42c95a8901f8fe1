//! Identity flows through GraphQL: register, verify mail, login, me, profile, password,
//! logout, block and delete; cv-auth (vectors, replay, freshness); brute-force locks;
//! isolation between networks.

mod blocking;
mod cv_auth;
mod locks;
mod session;
mod tenancy;
mod throttle_races;
mod visibility;
