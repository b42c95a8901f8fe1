//! Who sees what (`docs/visibility.md`), one function per rule, no I/O.
//!
//! Every rule takes the [`Viewer`] and the relation facts the caller computed for the row
//! (see [`super::viewer`]). Relations only ever widen access for a logged-in user: flags
//! passed for [`Viewer::Anonymous`] are ignored.
//!
//! How the answers are used:
//! - A row the viewer may not see is *Not Found* (404, code 19003), never Forbidden, so
//!   that its existence does not leak (offerings, organizations, users, investments,
//!   money).
//! - The `*_visible_stages` / `*_visible_visibilities` functions give the sets a viewer
//!   sees **without** any relation, for building list filters; the caller ORs "or the
//!   viewer is author / member / investor" (or skips the filter for admins, whose sets
//!   are everything).
//! - Fields: for a visible row, a field the viewer may not see is returned as **null**
//!   (GraphQL `null`, REST JSON `null`), not refused with an error. A front end renders
//!   a profile without knowing in advance which fields it will get, and a query for a
//!   list of users must not fail because one user in it is Anonymous. A field being
//!   null therefore never tells the viewer whether the value is set.
//!
//! Decisions beyond the letter of `docs/visibility.md` are written on the item they concern
//! ([`UserField`] variants, [`InvestmentListing`], [`featured_offering_listed`]).

use uuid::Uuid;

use super::stages::{InvestmentStage, OfferingStage, OrganizationStage, Visibility};
use super::viewer::{InvestmentRelation, OfferingRelation, Viewer, relation_counts};

// ---------------------------------------------------------------------------------------
// Offerings
// ---------------------------------------------------------------------------------------

/// The offering stages everyone sees: Published, Closing, Settled. This is the
/// anonymous set, answered by `/public/offerings` and `/public/featuredOfferings` whoever
/// calls them (those routes are the public view, also for a logged-in caller).
pub const PUBLIC_OFFERING_STAGES: &[OfferingStage] = &[
    OfferingStage::Published,
    OfferingStage::Closing,
    OfferingStage::Settled,
];

/// The offering stages VIP users see without a relation: the public set plus Restricted.
pub const VIP_OFFERING_STAGES: &[OfferingStage] = &[
    OfferingStage::Restricted,
    OfferingStage::Published,
    OfferingStage::Closing,
    OfferingStage::Settled,
];

/// Whether `viewer` may see an offering in `stage`.
///
/// Admin: every offering. The author and members of the offering's Organization: every
/// one of theirs, whatever its stage (Draft, Rejected and Canceled included). Otherwise
/// [`offering_visible_stages`].
pub fn offering_visible(viewer: &Viewer, relation: OfferingRelation, stage: OfferingStage) -> bool {
    viewer.is_admin()
        || relation_counts(viewer, relation.is_related())
        || offering_visible_stages(viewer).contains(&stage)
}

/// The offering stages `viewer` sees without any relation, for list filters: every stage
/// for an admin, [`VIP_OFFERING_STAGES`] for a VIP user, [`PUBLIC_OFFERING_STAGES`] for
/// other users and anonymous viewers. For a non-admin the caller ORs "or the viewer is
/// the author or a member of the offering's Organization".
pub fn offering_visible_stages(viewer: &Viewer) -> &'static [OfferingStage] {
    if viewer.is_admin() {
        OfferingStage::ALL
    } else if viewer.is_vip() {
        VIP_OFFERING_STAGES
    } else {
        PUBLIC_OFFERING_STAGES
    }
}

/// Whether an offering belongs in `/public/featuredOfferings`: the public set
/// ([`PUBLIC_OFFERING_STAGES`]: Published, Closing, Settled) **and** `is_featured`. The
/// route is public, so the set does not depend on the viewer (a VIP does not get
/// Restricted offerings there).
pub fn featured_offering_listed(stage: OfferingStage, is_featured: bool) -> bool {
    is_featured && PUBLIC_OFFERING_STAGES.contains(&stage)
}

// ---------------------------------------------------------------------------------------
// Organizations
// ---------------------------------------------------------------------------------------

/// The organization stages non-admin viewers see without membership: Approved,
/// Restricted, Published (`docs/visibility.md` lists Restricted for everyone: unlike offerings,
/// a Restricted organization is not reserved to VIP users).
pub const PUBLIC_ORGANIZATION_STAGES: &[OrganizationStage] = &[
    OrganizationStage::Approved,
    OrganizationStage::Restricted,
    OrganizationStage::Published,
];

/// The visibilities under which others see a user, organization or investment: Open and
/// Anonymous (Hidden rows are Not Found).
pub const LISTED_VISIBILITIES: &[Visibility] = &[Visibility::Open, Visibility::Anonymous];

/// Whether `viewer` may see an organization in `stage` with `visibility`.
///
/// Admin: all. Members (`is_member`, ignored when anonymous): their own, whatever the
/// stage and visibility. Others: stage in [`PUBLIC_ORGANIZATION_STAGES`] and visibility
/// not Hidden.
pub fn organization_visible(
    viewer: &Viewer,
    is_member: bool,
    stage: OrganizationStage,
    visibility: Visibility,
) -> bool {
    viewer.is_admin()
        || relation_counts(viewer, is_member)
        || (organization_visible_stages(viewer).contains(&stage)
            && organization_visible_visibilities(viewer).contains(&visibility))
}

/// The organization stages `viewer` sees without membership (list filter): every stage
/// for an admin, [`PUBLIC_ORGANIZATION_STAGES`] otherwise. Combine with
/// [`organization_visible_visibilities`]; the caller ORs "or the viewer is a member".
pub fn organization_visible_stages(viewer: &Viewer) -> &'static [OrganizationStage] {
    if viewer.is_admin() {
        OrganizationStage::ALL
    } else {
        PUBLIC_ORGANIZATION_STAGES
    }
}

/// The organization visibilities `viewer` sees without membership (list filter): every
/// one for an admin, [`LISTED_VISIBILITIES`] (not Hidden) otherwise.
pub fn organization_visible_visibilities(viewer: &Viewer) -> &'static [Visibility] {
    if viewer.is_admin() {
        Visibility::ALL
    } else {
        LISTED_VISIBILITIES
    }
}

/// Whether the names of a (visible) organization are returned as null for `viewer`:
/// `display_name`, `legal_name` and `alternate_name` when the organization's visibility
/// is Anonymous and the viewer is neither an admin nor a member. (`alternate_name` is a
/// name too: showing it would undo the anonymity.)
pub fn organization_names_hidden(viewer: &Viewer, is_member: bool, visibility: Visibility) -> bool {
    visibility == Visibility::Anonymous && !viewer.is_admin() && !relation_counts(viewer, is_member)
}

// ---------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------

/// How a [`UserField`] is shown to viewers other than the user themself and admins
/// (who see every field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserFieldClass {
    /// Shown to everyone who may see the user.
    Public,
    /// A name (or something that identifies the person as surely): public, except that
    /// an Anonymous user shows none.
    Name,
    /// Self and admins only.
    Private,
}

/// Declares [`UserField`] with, per variant, its API attribute name and its class.
macro_rules! user_fields {
    ($($(#[$meta:meta])* $variant:ident = $name:literal => $class:ident,)+) => {
        /// Every attribute of a User the API returns: the User model of
        /// `seeds/001…` (in its order), then the attributes `seeds/002…` adds to user
        /// responses, then the columns of `users` an API may expose beyond the seeds.
        /// Each variant is classified by [`UserField::class`] (`docs/visibility.md`: self and
        /// admins see every field; others see public fields, and no names of an
        /// Anonymous user). Fields whose sensitivity the seeds leave open are Private:
        /// for a fintech, a field that was wrongly closed is a feature request, a field
        /// that was wrongly open is a data leak.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum UserField {
            $($(#[$meta])* $variant,)+
        }

        impl UserField {
            /// Every field, in declaration order.
            pub const ALL: &'static [UserField] = &[$(UserField::$variant,)+];

            /// The attribute's name in the API (REST JSON key, snake_case).
            pub const fn name(self) -> &'static str {
                match self { $(UserField::$variant => $name,)+ }
            }

            /// How the field is shown to viewers other than self and admins.
            pub const fn class(self) -> UserFieldClass {
                match self { $(UserField::$variant => UserFieldClass::$class,)+ }
            }
        }
    };
}

user_fields! {
    /// Middle name: a name (hidden for Anonymous users).
    AdditionalName = "additional_name" => Name,
    /// The user's category (e.g. investor, borrower): public profile data.
    AdditionalType = "additional_type" => Public,
    /// Current address: private (`docs/visibility.md`, addresses).
    Address = "address" => Private,
    /// All addresses: private (`docs/visibility.md`, addresses).
    Addresses = "addresses" => Private,
    /// The user's own affiliate code: private (referral data of others; the user hands
    /// it out themself where they choose).
    AffiliateCode = "affiliate_code" => Private,
    /// Bank accounts: private (`docs/visibility.md`).
    BankAccounts = "bank_accounts" => Private,
    /// Biography: public profile data.
    Biography = "biography" => Public,
    /// Country of birth: private (`docs/visibility.md`, birth data).
    BirthCountry = "birth_country" => Private,
    /// Date of birth: private (`docs/visibility.md`, birth data).
    BirthDate = "birth_date" => Private,
    /// Place of birth: private (`docs/visibility.md`, birth data).
    BirthPlace = "birth_place" => Private,
    /// Date the user joined: public ("member since").
    CreatedAt = "created_at" => Public,
    /// Custom fields: private. They hold "any data relating to a User" (often KYC or
    /// onboarding answers) and the platform cannot tell which are meant to be public.
    Custom = "custom" => Private,
    /// Driving licence number: private (KYC id document).
    DrivingLicenseNumber = "driving_license_number" => Private,
    /// Email: private (`docs/visibility.md`).
    Email = "email" => Private,
    /// Email verification flag: private (onboarding state is self/admin business).
    EmailVerified = "email_verified" => Private,
    /// Reference in another system of the platform: private (internal identifier).
    ExternalReferenceId = "external_reference_id" => Private,
    /// Family name: a name.
    FamilyName = "family_name" => Name,
    /// Full name: a name.
    FullName = "full_name" => Name,
    /// GBGroup KYC check id: private (KYC id).
    GbgPassId = "gbg_pass_id" => Private,
    /// GCEN client id: private (payment/KYC integration id).
    GcenClientId = "gcen_client_id" => Private,
    /// Gender: private (the seeds keep it for AML/KYC).
    Gender = "gender" => Private,
    /// Given name: a name.
    GivenName = "given_name" => Name,
    /// Onboarding approval flag: private (onboarding state).
    HasBeenApproved = "has_been_approved" => Private,
    /// Block flag: private (block info).
    HasBeenBlocked = "has_been_blocked" => Private,
    /// Honorific prefix (Dr, Mrs): part of the name.
    HonorificPrefix = "honorific_prefix" => Name,
    /// Honorific suffix (PhD): part of the name.
    HonorificSuffix = "honorific_suffix" => Name,
    /// Id: public (without it an Anonymous user could not be shown at all).
    Id = "id" => Public,
    /// Profile image: classed with names, because a photo identifies the person as
    /// surely as a name does; an Anonymous user shows none.
    Image = "image" => Name,
    /// Income range: private (financial situation).
    IncomeRange = "income_range" => Private,
    /// Deprecated custom fields: private, like [`UserField::Custom`].
    Info = "info" => Private,
    /// Admin flag: private (who holds admin rights is not advertised).
    IsAdmin = "is_admin" => Private,
    /// VIP flag: private (a user's status with the platform).
    IsVip = "is_vip" => Private,
    /// Job title: public (named public by the seeds).
    JobTitle = "job_title" => Public,
    /// Last login date: private (activity tracking).
    LastLoginAt = "last_login_at" => Private,
    /// Loanbook id: private (its meaning for a user is unclear in the seeds; closed by
    /// default).
    LoanbookId = "loanbook_id" => Private,
    /// Location (e.g. a city): public (named public by the seeds).
    Location = "location" => Public,
    /// Mangopay card id: private (payment integration id).
    MangopayCardId = "mangopay_card_id" => Private,
    /// Mangopay account id: private (payment/KYC integration id).
    MangopayUserId = "mangopay_user_id" => Private,
    /// Nationality: private (KYC data, stored with the KYC fields).
    Nationality = "nationality" => Private,
    /// Organization memberships: public (team pages); each entry is still subject to
    /// [`organization_visible`] for the viewer.
    Organizations = "organizations" => Public,
    /// Passport issuing country: private (`docs/visibility.md`, passport).
    PassportCountry = "passport_country" => Private,
    /// Passport expiry: private (`docs/visibility.md`, passport).
    PassportExpiry = "passport_expiry" => Private,
    /// Passport number: private (`docs/visibility.md`, passport).
    PassportNumber = "passport_number" => Private,
    /// Password-expired flag: private (account state).
    PasswordExpired = "password_expired" => Private,
    /// Primary phone: private (`docs/visibility.md`, phones).
    Phone1 = "phone_1" => Private,
    /// Secondary phone: private (`docs/visibility.md`, phones).
    Phone2 = "phone_2" => Private,
    /// Phone verification flag: private (onboarding state).
    PhoneVerified = "phone_verified" => Private,
    /// The affiliate code the user signed up with: private (referral data).
    ReferralCode = "referral_code" => Private,
    /// Registration-complete flag: private (onboarding state).
    RegistrationComplete = "registration_complete" => Private,
    /// Reyker account id: private (integration id).
    ReykerId = "reyker_id" => Private,
    /// Industry or sector: public profile data.
    Sector = "sector" => Public,
    /// Tagline: public profile data.
    Tagline = "tagline" => Public,
    /// Tax id: private (`docs/visibility.md`).
    TaxId = "tax_id" => Private,
    /// Terms-accepted flag: private (onboarding state).
    TermServiceAccepted = "term_service_accepted" => Private,
    /// Time zone: public (no more revealing than the public location).
    TimeZone = "time_zone" => Public,
    /// The user's visibility setting: public (a viewer sees its effect anyway).
    Visibility = "visibility" => Public,
    /// Web site: public profile data.
    WebSite = "web_site" => Public,
    /// Documents attached to the user (seeds/002): private (typically KYC uploads).
    Documents = "documents" => Private,
    /// Fund America entity id (seeds/002): private (integration id).
    FundamericaEntityId = "fundamerica_entity_id" => Private,
    /// Last update of the user (seeds/002): public (says nothing about the person).
    UpdatedAt = "updated_at" => Public,
    /// When the terms were accepted: private (onboarding state).
    TermServiceAcceptedAt = "term_service_accepted_at" => Private,
    /// The current block's message to the user: private (block info).
    BlockUserMessage = "block_user_message" => Private,
    /// The current block's internal description: private (block info).
    BlockDescription = "block_description" => Private,
    /// The current block's end: private (block info).
    BlockExpirationDate = "block_expiration_date" => Private,
    /// When the current block started: private (block info).
    BlockedAt = "blocked_at" => Private,
    /// When the user asked for their account's deletion: private (account state).
    DeletionRequestedAt = "deletion_requested_at" => Private,
    /// The affiliate who referred the user: private (referral data).
    ReferredByUserId = "referred_by_user_id" => Private,
}

impl UserField {
    /// Whether only self and admins see the field.
    pub const fn is_private(self) -> bool {
        matches!(self.class(), UserFieldClass::Private)
    }

    /// Whether the field is a name (hidden for Anonymous users).
    pub const fn is_name(self) -> bool {
        matches!(self.class(), UserFieldClass::Name)
    }

    /// The field named `name` in the API, if any.
    pub fn from_name(name: &str) -> Option<UserField> {
        UserField::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// Whether `viewer` may see the user `target_id` at all. Self and admins: always.
/// Others (anonymous included): Open and Anonymous users; a Hidden user is Not Found.
pub fn user_visible(viewer: &Viewer, target_id: Uuid, target_visibility: Visibility) -> bool {
    viewer.is_self_or_admin(target_id) || target_visibility != Visibility::Hidden
}

/// The user visibilities others see (list filter): every one for an admin,
/// [`LISTED_VISIBILITIES`] (not Hidden) otherwise; the caller ORs "or the user is the
/// viewer".
pub fn user_visible_visibilities(viewer: &Viewer) -> &'static [Visibility] {
    if viewer.is_admin() {
        Visibility::ALL
    } else {
        LISTED_VISIBILITIES
    }
}

/// Whether `viewer` may see `field` of the user `target_id`. Self and admins: every
/// field. Others: nothing of a Hidden user; Public fields; Name fields unless the user
/// is Anonymous; never Private fields. A field not visible is returned as null.
pub fn user_field_visible(
    viewer: &Viewer,
    target_id: Uuid,
    target_visibility: Visibility,
    field: UserField,
) -> bool {
    if viewer.is_self_or_admin(target_id) {
        return true;
    }
    if !user_visible(viewer, target_id, target_visibility) {
        return false;
    }
    match field.class() {
        UserFieldClass::Public => true,
        UserFieldClass::Name => target_visibility != Visibility::Anonymous,
        UserFieldClass::Private => false,
    }
}

// ---------------------------------------------------------------------------------------
// Investments
// ---------------------------------------------------------------------------------------

/// Where investments are being read, which changes what unrelated viewers see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvestmentListing {
    /// An offering's investment list, or a single investment fetched by id. Others see
    /// Approved and Settled investments that are not Hidden. (`docs/visibility.md` says Hidden ones
    /// "are not listed"; we also answer Not Found for a Hidden one fetched by id, or the
    /// id would reveal what the list hides.) The offering itself must be visible to the
    /// viewer too; that is the caller's check.
    OfferingOrSingle,
    /// `users/{id}/investments` (a user's investments). Others see Settled investments
    /// that are Open-visibility only: an Anonymous investment listed under its user's id
    /// would name its investor, which Anonymous exists to prevent. The user must be
    /// visible to the viewer too ([`user_visible`]); that is the caller's check.
    UserInvestments,
}

/// The investment stages others see in an offering's list or by id.
pub const PUBLIC_OFFERING_INVESTMENT_STAGES: &[InvestmentStage] =
    &[InvestmentStage::Approved, InvestmentStage::Settled];

/// The investment stages others see in `users/{id}/investments`.
pub const PUBLIC_USER_INVESTMENT_STAGES: &[InvestmentStage] = &[InvestmentStage::Settled];

/// The investment visibilities others see in `users/{id}/investments`: Open only (see
/// [`InvestmentListing::UserInvestments`]).
pub const PUBLIC_USER_INVESTMENT_VISIBILITIES: &[Visibility] = &[Visibility::Open];

/// Whether `viewer` may see an investment in `stage` with `visibility`, read through
/// `listing`.
///
/// The investor, admins and members of the offering's Organization: every stage and
/// visibility. Others: [`investment_visible_stages`] and
/// [`investment_visible_visibilities`] for the listing.
pub fn investment_visible(
    viewer: &Viewer,
    relation: InvestmentRelation,
    stage: InvestmentStage,
    visibility: Visibility,
    listing: InvestmentListing,
) -> bool {
    viewer.is_admin()
        || relation_counts(viewer, relation.is_related())
        || (investment_visible_stages(viewer, listing).contains(&stage)
            && investment_visible_visibilities(viewer, listing).contains(&visibility))
}

/// The investment stages `viewer` sees without a relation, for list filters: every
/// stage for an admin; Approved and Settled in an offering's list; Settled in
/// `users/{id}/investments`. The caller ORs "or the viewer is the investor or a member
/// of the offering's Organization".
pub fn investment_visible_stages(
    viewer: &Viewer,
    listing: InvestmentListing,
) -> &'static [InvestmentStage] {
    if viewer.is_admin() {
        return InvestmentStage::ALL;
    }
    match listing {
        InvestmentListing::OfferingOrSingle => PUBLIC_OFFERING_INVESTMENT_STAGES,
        InvestmentListing::UserInvestments => PUBLIC_USER_INVESTMENT_STAGES,
    }
}

/// The investment visibilities `viewer` sees without a relation, for list filters:
/// every one for an admin; Open and Anonymous in an offering's list; Open only in
/// `users/{id}/investments`.
pub fn investment_visible_visibilities(
    viewer: &Viewer,
    listing: InvestmentListing,
) -> &'static [Visibility] {
    if viewer.is_admin() {
        return Visibility::ALL;
    }
    match listing {
        InvestmentListing::OfferingOrSingle => LISTED_VISIBILITIES,
        InvestmentListing::UserInvestments => PUBLIC_USER_INVESTMENT_VISIBILITIES,
    }
}

/// Whether the investor of a (visible) investment is returned as null for `viewer`:
/// `user_id`, the embedded user and anything naming the investor, when the investment
/// is Anonymous and the viewer is neither an admin, the investor, nor a member of the
/// offering's Organization. Amount, stage and dates stay visible.
pub fn investment_user_hidden(
    viewer: &Viewer,
    relation: InvestmentRelation,
    visibility: Visibility,
) -> bool {
    visibility == Visibility::Anonymous
        && !viewer.is_admin()
        && !relation_counts(viewer, relation.is_related())
}

// ---------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------

/// Whether `viewer` may see a piece of money owned by the user `owner_id`: a payout,
/// transaction, wallet, self stats or portfolio. The owner and admins; for an
/// offering's payouts also the members of the offering's Organization
/// (`is_offering_org_member_for_payout`, which callers pass as `false` for anything
/// but a payout of an offering). Nobody else, ever, and never an anonymous viewer.
/// (`/public/stats` are network-wide aggregates, not anyone's money: not ruled here.)
pub fn money_visible(
    viewer: &Viewer,
    owner_id: Uuid,
    is_offering_org_member_for_payout: bool,
) -> bool {
    viewer.is_self_or_admin(owner_id) || relation_counts(viewer, is_offering_org_member_for_payout)
}

#[cfg(test)]
mod tests {
    use super::super::viewer::ViewerUser;
    use super::*;

    fn plain_user() -> Viewer {
        Viewer::User(ViewerUser {
            id: Uuid::new_v4(),
            is_admin: false,
            is_vip: false,
        })
    }

    fn vip() -> Viewer {
        Viewer::User(ViewerUser {
            id: Uuid::new_v4(),
            is_admin: false,
            is_vip: true,
        })
    }

    fn admin() -> Viewer {
        Viewer::User(ViewerUser {
            id: Uuid::new_v4(),
            is_admin: true,
            is_vip: false,
        })
    }

    const T: bool = true;
    const F: bool = false;

    // ----- offerings -------------------------------------------------------------------

    /// Columns: anonymous, user, VIP, admin, org member, author (`docs/visibility.md`).
    const OFFERING_TABLE: &[(OfferingStage, [bool; 6])] = &[
        (OfferingStage::Draft, [F, F, F, T, T, T]),
        (OfferingStage::Submitted, [F, F, F, T, T, T]),
        (OfferingStage::Rejected, [F, F, F, T, T, T]),
        (OfferingStage::Approved, [F, F, F, T, T, T]),
        (OfferingStage::Restricted, [F, F, T, T, T, T]),
        (OfferingStage::Published, [T, T, T, T, T, T]),
        (OfferingStage::Closing, [T, T, T, T, T, T]),
        (OfferingStage::Settled, [T, T, T, T, T, T]),
        (OfferingStage::Canceled, [F, F, F, T, T, T]),
    ];

    fn offering_viewers() -> [(&'static str, Viewer, OfferingRelation); 6] {
        let member = OfferingRelation {
            is_author: false,
            is_org_member: true,
        };
        let author = OfferingRelation {
            is_author: true,
            is_org_member: false,
        };
        [
            ("anonymous", Viewer::Anonymous, OfferingRelation::NONE),
            ("user", plain_user(), OfferingRelation::NONE),
            ("vip", vip(), OfferingRelation::NONE),
            ("admin", admin(), OfferingRelation::NONE),
            ("member", plain_user(), member),
            ("author", plain_user(), author),
        ]
    }

    #[test]
    fn offering_visibility_table() {
        assert_eq!(OFFERING_TABLE.len(), OfferingStage::ALL.len());
        for (stage, expected) in OFFERING_TABLE {
            for ((label, viewer, relation), want) in offering_viewers().into_iter().zip(expected) {
                assert_eq!(
                    offering_visible(&viewer, relation, *stage),
                    *want,
                    "{label} viewing a {stage:?} offering"
                );
            }
        }
    }

    #[test]
    fn relations_do_not_widen_offerings_for_anonymous() {
        let both = OfferingRelation {
            is_author: true,
            is_org_member: true,
        };
        for stage in OfferingStage::ALL {
            assert_eq!(
                offering_visible(&Viewer::Anonymous, both, *stage),
                offering_visible(&Viewer::Anonymous, OfferingRelation::NONE, *stage)
            );
        }
    }

    #[test]
    fn offering_visible_stages_per_viewer() {
        use OfferingStage::*;
        assert_eq!(
            offering_visible_stages(&Viewer::Anonymous),
            [Published, Closing, Settled]
        );
        assert_eq!(
            offering_visible_stages(&plain_user()),
            [Published, Closing, Settled]
        );
        assert_eq!(
            offering_visible_stages(&vip()),
            [Restricted, Published, Closing, Settled]
        );
        assert_eq!(offering_visible_stages(&admin()), OfferingStage::ALL);
        // The list filter agrees with the predicate for viewers without relations.
        for (label, viewer, relation) in offering_viewers() {
            if relation.is_related() {
                continue;
            }
            for stage in OfferingStage::ALL {
                assert_eq!(
                    offering_visible_stages(&viewer).contains(stage),
                    offering_visible(&viewer, relation, *stage),
                    "{label} {stage:?}"
                );
            }
        }
    }

    #[test]
    fn featured_offerings_are_public_stages_and_featured() {
        use OfferingStage::*;
        let listed = [Published, Closing, Settled];
        for stage in OfferingStage::ALL {
            assert!(!featured_offering_listed(*stage, false), "{stage:?}");
            assert_eq!(
                featured_offering_listed(*stage, true),
                listed.contains(stage),
                "{stage:?}"
            );
        }
    }

    // ----- organizations ---------------------------------------------------------------

    /// Whether a viewer without membership (and not admin) sees each stage when the
    /// organization is not Hidden (`docs/visibility.md`: Approved, Restricted or Published).
    const ORGANIZATION_STAGES_FOR_OTHERS: &[(OrganizationStage, bool)] = &[
        (OrganizationStage::Draft, F),
        (OrganizationStage::Submitted, F),
        (OrganizationStage::Rejected, F),
        (OrganizationStage::Approved, T),
        (OrganizationStage::Restricted, T),
        (OrganizationStage::Published, T),
        (OrganizationStage::Archived, F),
        (OrganizationStage::Cancelled, F),
    ];

    #[test]
    fn organization_visibility_table() {
        assert_eq!(
            ORGANIZATION_STAGES_FOR_OTHERS.len(),
            OrganizationStage::ALL.len()
        );
        // (label, viewer, is_member, is_privileged: admin or member)
        let viewers = [
            ("anonymous", Viewer::Anonymous, false, false),
            (
                "anonymous claiming membership",
                Viewer::Anonymous,
                true,
                false,
            ),
            ("user", plain_user(), false, false),
            ("vip", vip(), false, false),
            ("admin", admin(), false, true),
            ("member", plain_user(), true, true),
        ];
        for (stage, others_see) in ORGANIZATION_STAGES_FOR_OTHERS {
            for visibility in Visibility::ALL {
                for (label, viewer, is_member, privileged) in &viewers {
                    let want = *privileged || (*others_see && *visibility != Visibility::Hidden);
                    assert_eq!(
                        organization_visible(viewer, *is_member, *stage, *visibility),
                        want,
                        "{label} viewing a {stage:?} {visibility:?} organization"
                    );
                    if !is_member {
                        assert_eq!(
                            organization_visible_stages(viewer).contains(stage)
                                && organization_visible_visibilities(viewer).contains(visibility),
                            want,
                            "list filter for {label}, {stage:?} {visibility:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn organization_names_hidden_table() {
        // (label, viewer, is_member, [Open, Hidden, Anonymous])
        let table = [
            ("anonymous", Viewer::Anonymous, false, [F, F, T]),
            (
                "anonymous claiming membership",
                Viewer::Anonymous,
                true,
                [F, F, T],
            ),
            ("user", plain_user(), false, [F, F, T]),
            ("vip", vip(), false, [F, F, T]),
            ("admin", admin(), false, [F, F, F]),
            ("member", plain_user(), true, [F, F, F]),
        ];
        for (label, viewer, is_member, expected) in table {
            for (visibility, want) in Visibility::ALL.iter().zip(expected) {
                assert_eq!(
                    organization_names_hidden(&viewer, is_member, *visibility),
                    want,
                    "{label} {visibility:?}"
                );
            }
        }
    }

    // ----- users -----------------------------------------------------------------------

    #[test]
    fn user_visibility_and_fields_table() {
        let target = Uuid::new_v4();
        let self_viewer = Viewer::User(ViewerUser {
            id: target,
            is_admin: false,
            is_vip: false,
        });
        let viewers = [
            ("anonymous", Viewer::Anonymous),
            ("other user", plain_user()),
            ("vip", vip()),
            ("admin", admin()),
            ("self", self_viewer),
        ];
        use Visibility::{Anonymous, Hidden, Open};
        // Per viewer, per target visibility:
        // [user_visible, private (tax_id), public (job_title), name (given_name)].
        let expected: [[(Visibility, [bool; 4]); 3]; 5] = [
            // anonymous
            [
                (Open, [T, F, T, T]),
                (Hidden, [F, F, F, F]),
                (Anonymous, [T, F, T, F]),
            ],
            // other user
            [
                (Open, [T, F, T, T]),
                (Hidden, [F, F, F, F]),
                (Anonymous, [T, F, T, F]),
            ],
            // vip
            [
                (Open, [T, F, T, T]),
                (Hidden, [F, F, F, F]),
                (Anonymous, [T, F, T, F]),
            ],
            // admin
            [
                (Open, [T, T, T, T]),
                (Hidden, [T, T, T, T]),
                (Anonymous, [T, T, T, T]),
            ],
            // self
            [
                (Open, [T, T, T, T]),
                (Hidden, [T, T, T, T]),
                (Anonymous, [T, T, T, T]),
            ],
        ];
        for ((label, viewer), rows) in viewers.iter().zip(expected) {
            for (visibility, [visible, private, public, name]) in rows {
                let ctx = format!("{label} viewing a {visibility:?} user");
                assert_eq!(user_visible(viewer, target, visibility), visible, "{ctx}");
                let f = |field| user_field_visible(viewer, target, visibility, field);
                assert_eq!(f(UserField::TaxId), private, "{ctx}: tax_id");
                assert_eq!(f(UserField::JobTitle), public, "{ctx}: job_title");
                assert_eq!(f(UserField::GivenName), name, "{ctx}: given_name");
            }
        }
    }

    #[test]
    fn every_user_field_follows_its_class_for_others() {
        let target = Uuid::new_v4();
        let other = plain_user();
        for field in UserField::ALL {
            let open = user_field_visible(&other, target, Visibility::Open, *field);
            let anonymous = user_field_visible(&other, target, Visibility::Anonymous, *field);
            let hidden = user_field_visible(&other, target, Visibility::Hidden, *field);
            let (want_open, want_anonymous) = match field.class() {
                UserFieldClass::Public => (true, true),
                UserFieldClass::Name => (true, false),
                UserFieldClass::Private => (false, false),
            };
            assert_eq!(open, want_open, "{field:?} of an Open user");
            assert_eq!(anonymous, want_anonymous, "{field:?} of an Anonymous user");
            assert!(!hidden, "{field:?} of a Hidden user");
        }
    }

    #[test]
    fn user_fields_named_private_by_design_are_private() {
        // `docs/visibility.md`: birth data, passport, tax id, phones, addresses, bank accounts,
        // email, KYC ids; plus block info, referral data and onboarding flags.
        let private = [
            "birth_date",
            "birth_place",
            "birth_country",
            "passport_number",
            "passport_country",
            "passport_expiry",
            "tax_id",
            "driving_license_number",
            "phone_1",
            "phone_2",
            "address",
            "addresses",
            "bank_accounts",
            "email",
            "gbg_pass_id",
            "gcen_client_id",
            "mangopay_user_id",
            "mangopay_card_id",
            "reyker_id",
            "fundamerica_entity_id",
            "external_reference_id",
            "has_been_blocked",
            "block_user_message",
            "block_description",
            "block_expiration_date",
            "blocked_at",
            "affiliate_code",
            "referral_code",
            "referred_by_user_id",
            "email_verified",
            "phone_verified",
            "term_service_accepted",
            "term_service_accepted_at",
            "registration_complete",
            "has_been_approved",
            "password_expired",
            "custom",
            "info",
            "documents",
        ];
        for name in private {
            let field = UserField::from_name(name).unwrap_or_else(|| panic!("{name} missing"));
            assert!(field.is_private(), "{name} should be private");
        }
        let names = [
            "given_name",
            "family_name",
            "additional_name",
            "full_name",
            "honorific_prefix",
            "honorific_suffix",
            "image",
        ];
        for name in names {
            assert!(UserField::from_name(name).unwrap().is_name(), "{name}");
        }
        let public = [
            "id",
            "job_title",
            "location",
            "biography",
            "tagline",
            "sector",
            "web_site",
        ];
        for name in public {
            assert_eq!(
                UserField::from_name(name).unwrap().class(),
                UserFieldClass::Public,
                "{name}"
            );
        }
    }

    #[test]
    fn user_fields_cover_seed_001_once_each() {
        // Every attribute of the User model in seeds/001, in its order.
        let seed_001 = [
            "additional_name",
            "additional_type",
            "address",
            "addresses",
            "affiliate_code",
            "bank_accounts",
            "biography",
            "birth_country",
            "birth_date",
            "birth_place",
            "created_at",
            "custom",
            "driving_license_number",
            "email",
            "email_verified",
            "external_reference_id",
            "family_name",
            "full_name",
            "gbg_pass_id",
            "gcen_client_id",
            "gender",
            "given_name",
            "has_been_approved",
            "has_been_blocked",
            "honorific_prefix",
            "honorific_suffix",
            "id",
            "image",
            "income_range",
            "info",
            "is_admin",
            "is_vip",
            "job_title",
            "last_login_at",
            "loanbook_id",
            "location",
            "mangopay_card_id",
            "mangopay_user_id",
            "nationality",
            "organizations",
            "passport_country",
            "passport_expiry",
            "passport_number",
            "password_expired",
            "phone_1",
            "phone_2",
            "phone_verified",
            "referral_code",
            "registration_complete",
            "reyker_id",
            "sector",
            "tagline",
            "tax_id",
            "term_service_accepted",
            "time_zone",
            "visibility",
            "web_site",
        ];
        let declared: Vec<&str> = UserField::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(&declared[..seed_001.len()], &seed_001[..]);
        let mut unique = declared.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), declared.len(), "duplicate field names");
        for field in UserField::ALL {
            assert_eq!(UserField::from_name(field.name()), Some(*field));
        }
        assert_eq!(UserField::from_name("password_hash"), None);
    }

    #[test]
    fn user_visible_visibilities_per_viewer() {
        assert_eq!(
            user_visible_visibilities(&Viewer::Anonymous),
            [Visibility::Open, Visibility::Anonymous]
        );
        assert_eq!(
            user_visible_visibilities(&vip()),
            [Visibility::Open, Visibility::Anonymous]
        );
        assert_eq!(user_visible_visibilities(&admin()), Visibility::ALL);
    }

    // ----- investments -----------------------------------------------------------------

    /// What a viewer without relation (and not admin) sees, per listing and stage:
    /// [Open, Hidden, Anonymous] visibility (`docs/visibility.md` and the decisions on
    /// `InvestmentListing`).
    #[rustfmt::skip]
    const INVESTMENTS_FOR_OTHERS: &[(InvestmentListing, InvestmentStage, [bool; 3])] = &[
        // listing, stage                                                         Open Hidden Anonymous
        (InvestmentListing::OfferingOrSingle, InvestmentStage::Open,     [F, F, F]),
        (InvestmentListing::OfferingOrSingle, InvestmentStage::Rejected, [F, F, F]),
        (InvestmentListing::OfferingOrSingle, InvestmentStage::Approved, [T, F, T]),
        (InvestmentListing::OfferingOrSingle, InvestmentStage::Withdrawn, [F, F, F]),
        (InvestmentListing::OfferingOrSingle, InvestmentStage::Settled,  [T, F, T]),
        (InvestmentListing::UserInvestments, InvestmentStage::Open,      [F, F, F]),
        (InvestmentListing::UserInvestments, InvestmentStage::Rejected,  [F, F, F]),
        (InvestmentListing::UserInvestments, InvestmentStage::Approved,  [F, F, F]),
        (InvestmentListing::UserInvestments, InvestmentStage::Withdrawn, [F, F, F]),
        (InvestmentListing::UserInvestments, InvestmentStage::Settled,   [T, F, F]),
    ];

    #[test]
    fn investment_visibility_table() {
        let investor = InvestmentRelation {
            is_investor: true,
            is_offering_org_member: false,
        };
        let org_member = InvestmentRelation {
            is_investor: false,
            is_offering_org_member: true,
        };
        // (label, viewer, relation, sees everything)
        let viewers = [
            (
                "anonymous",
                Viewer::Anonymous,
                InvestmentRelation::NONE,
                false,
            ),
            (
                "anonymous claiming investor",
                Viewer::Anonymous,
                investor,
                false,
            ),
            ("user", plain_user(), InvestmentRelation::NONE, false),
            ("vip", vip(), InvestmentRelation::NONE, false),
            ("admin", admin(), InvestmentRelation::NONE, true),
            ("investor", plain_user(), investor, true),
            ("org member", plain_user(), org_member, true),
        ];
        assert_eq!(INVESTMENTS_FOR_OTHERS.len(), 2 * InvestmentStage::ALL.len());
        for (listing, stage, others) in INVESTMENTS_FOR_OTHERS {
            for (visibility, others_see) in Visibility::ALL.iter().zip(others) {
                for (label, viewer, relation, all) in &viewers {
                    let want = *all || *others_see;
                    assert_eq!(
                        investment_visible(viewer, *relation, *stage, *visibility, *listing),
                        want,
                        "{label}: {stage:?} {visibility:?} investment via {listing:?}"
                    );
                    if !relation.is_related() || viewer.is_anonymous() {
                        assert_eq!(
                            investment_visible_stages(viewer, *listing).contains(stage)
                                && investment_visible_visibilities(viewer, *listing)
                                    .contains(visibility),
                            want,
                            "list filter for {label}: {stage:?} {visibility:?} via {listing:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn investment_user_hidden_table() {
        let investor = InvestmentRelation {
            is_investor: true,
            is_offering_org_member: false,
        };
        let org_member = InvestmentRelation {
            is_investor: false,
            is_offering_org_member: true,
        };
        // (label, viewer, relation, [Open, Hidden, Anonymous])
        let table = [
            (
                "anonymous",
                Viewer::Anonymous,
                InvestmentRelation::NONE,
                [F, F, T],
            ),
            (
                "anonymous claiming investor",
                Viewer::Anonymous,
                investor,
                [F, F, T],
            ),
            ("user", plain_user(), InvestmentRelation::NONE, [F, F, T]),
            ("vip", vip(), InvestmentRelation::NONE, [F, F, T]),
            ("admin", admin(), InvestmentRelation::NONE, [F, F, F]),
            ("investor", plain_user(), investor, [F, F, F]),
            ("org member", plain_user(), org_member, [F, F, F]),
        ];
        for (label, viewer, relation, expected) in table {
            for (visibility, want) in Visibility::ALL.iter().zip(expected) {
                assert_eq!(
                    investment_user_hidden(&viewer, relation, *visibility),
                    want,
                    "{label} {visibility:?}"
                );
            }
        }
    }

    // ----- money -----------------------------------------------------------------------

    #[test]
    fn money_visibility_table() {
        let owner = Uuid::new_v4();
        let owner_viewer = Viewer::User(ViewerUser {
            id: owner,
            is_admin: false,
            is_vip: false,
        });
        // (label, viewer, is_offering_org_member_for_payout, expected)
        let table = [
            ("anonymous", Viewer::Anonymous, false, F),
            ("anonymous claiming membership", Viewer::Anonymous, true, F),
            ("other user", plain_user(), false, F),
            ("vip", vip(), false, F),
            ("owner", owner_viewer, false, T),
            ("admin", admin(), false, T),
            ("offering org member, payout", plain_user(), true, T),
        ];
        for (label, viewer, member, want) in table {
            assert_eq!(money_visible(&viewer, owner, member), want, "{label}");
        }
    }
}
