//! Outreach through GraphQL: the network's globals, invitations (mail, hashed single-use
//! secret, who may read them), applications (creation, lists, stage transitions), and
//! isolation between networks.

mod applications;
mod globals;
mod invitations;
mod tenancy;
