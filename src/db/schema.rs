// @generated automatically by Diesel CLI.

diesel::table! {
    applications (id) {
        id -> Uuid,
        network_id -> Uuid,
        author_id -> Uuid,
        user_id -> Uuid,
        offering_id -> Nullable<Uuid>,
        organization_id -> Nullable<Uuid>,
        life_cycle_stage -> Int2,
        additional_type -> Nullable<Text>,
        code -> Nullable<Text>,
        description -> Nullable<Text>,
        funding_goal -> Nullable<Numeric>,
        investment_amount -> Nullable<Numeric>,
        interest_rate -> Nullable<Numeric>,
        number_of_shares -> Nullable<Numeric>,
        price_per_share -> Nullable<Numeric>,
        term -> Nullable<Int4>,
        custom -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        network_id -> Uuid,
        at -> Timestamptz,
        actor_id -> Nullable<Uuid>,
        request_id -> Nullable<Text>,
        object_type -> Text,
        object_id -> Uuid,
        action -> Text,
        from_value -> Nullable<Text>,
        to_value -> Nullable<Text>,
        details -> Jsonb,
    }
}

diesel::table! {
    auth_tokens (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Uuid,
        token_hash -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        last_used_at -> Nullable<Timestamptz>,
        user_agent -> Nullable<Text>,
        client_addr -> Nullable<Text>,
    }
}

diesel::table! {
    bulletins (id) {
        id -> Uuid,
        network_id -> Uuid,
        offering_id -> Uuid,
        user_id -> Nullable<Uuid>,
        title -> Nullable<Text>,
        body -> Nullable<Text>,
        life_cycle_stage -> Int2,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    capitalization_changelog (id) {
        id -> Uuid,
        network_id -> Uuid,
        capitalization_id -> Uuid,
        user_id -> Nullable<Uuid>,
        change_kind -> Int2,
        before -> Nullable<Jsonb>,
        after -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    capitalization_links (parent_id, child_id) {
        network_id -> Uuid,
        parent_id -> Uuid,
        child_id -> Uuid,
        kind -> Int2,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    capitalizations (id) {
        id -> Uuid,
        network_id -> Uuid,
        organization_id -> Uuid,
        author_id -> Nullable<Uuid>,
        owner_id -> Nullable<Uuid>,
        investment_id -> Nullable<Uuid>,
        capitalization_type -> Int2,
        life_cycle_stage -> Int2,
        number_of_shares -> Numeric,
        price_per_share -> Numeric,
        number_of_shares_at_acquisition -> Numeric,
        price_per_share_at_acquisition -> Numeric,
        service_charge -> Nullable<Numeric>,
        transaction_cost -> Nullable<Numeric>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    comments (id) {
        id -> Uuid,
        network_id -> Uuid,
        post_id -> Uuid,
        user_id -> Uuid,
        body -> Text,
        visibility -> Int2,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    cv_auth_nonces (network_id, nonce) {
        network_id -> Uuid,
        nonce -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    deal_room_members (deal_room_id, user_id) {
        network_id -> Uuid,
        deal_room_id -> Uuid,
        user_id -> Uuid,
        access_status -> Int2,
        is_manager -> Bool,
        decided_by_user_id -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    deal_room_task_responses (task_id, user_id) {
        network_id -> Uuid,
        task_id -> Uuid,
        user_id -> Uuid,
        status -> Int2,
        started_at -> Nullable<Timestamptz>,
        completed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    deal_room_tasks (id) {
        id -> Uuid,
        network_id -> Uuid,
        deal_room_id -> Uuid,
        user_id -> Uuid,
        title -> Text,
        description -> Nullable<Text>,
        due_date -> Nullable<Date>,
        position -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    deal_rooms (id) {
        id -> Uuid,
        network_id -> Uuid,
        offering_id -> Uuid,
        user_id -> Uuid,
        name -> Nullable<Text>,
        custom -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    document_group_grants (document_group_id, user_id) {
        network_id -> Uuid,
        document_group_id -> Uuid,
        user_id -> Uuid,
        granted_by_user_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    document_groups (id) {
        id -> Uuid,
        network_id -> Uuid,
        deal_room_id -> Uuid,
        name -> Text,
        description -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    documents (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Nullable<Uuid>,
        owner_user_id -> Nullable<Uuid>,
        organization_id -> Nullable<Uuid>,
        offering_id -> Nullable<Uuid>,
        investment_id -> Nullable<Uuid>,
        payout_id -> Nullable<Uuid>,
        deal_room_id -> Nullable<Uuid>,
        group_id -> Nullable<Uuid>,
        life_cycle_stage -> Int2,
        source_type -> Int2,
        url -> Text,
        file_name -> Nullable<Text>,
        file_type -> Nullable<Text>,
        file_alias -> Nullable<Text>,
        file_description -> Nullable<Text>,
        tag -> Nullable<Text>,
        deleted_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    idempotency_keys (network_id, viewer_id, key) {
        network_id -> Uuid,
        viewer_id -> Uuid,
        key -> Text,
        fingerprint -> Bytea,
        status -> Nullable<Int2>,
        content_type -> Nullable<Text>,
        body -> Nullable<Bytea>,
        created_at -> Timestamptz,
        completed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    investments (id) {
        id -> Uuid,
        network_id -> Uuid,
        offering_id -> Uuid,
        user_id -> Uuid,
        life_cycle_stage -> Int2,
        visibility -> Int2,
        investment_amount -> Numeric,
        number_of_shares -> Nullable<Numeric>,
        currency -> Nullable<Text>,
        interest_rate -> Nullable<Numeric>,
        term -> Nullable<Int4>,
        service_charge -> Nullable<Numeric>,
        is_loanbook -> Bool,
        fundamerica_investment_id -> Nullable<Text>,
        custom -> Jsonb,
        approved_at -> Nullable<Timestamptz>,
        rejected_at -> Nullable<Timestamptz>,
        withdrawn_at -> Nullable<Timestamptz>,
        settled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    invitations (id) {
        id -> Uuid,
        network_id -> Uuid,
        author_id -> Uuid,
        email -> Text,
        given_name -> Nullable<Text>,
        family_name -> Nullable<Text>,
        organization_name -> Nullable<Text>,
        secret_hash -> Nullable<Text>,
        expires_at -> Nullable<Timestamptz>,
        responded_at -> Nullable<Timestamptz>,
        registered_user_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    login_attempts (network_id, key_kind, key) {
        network_id -> Uuid,
        key_kind -> Int2,
        key -> Text,
        failures -> Int4,
        window_started_at -> Timestamptz,
        locked_until -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Uuid,
        network_id -> Uuid,
        to_address -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Nullable<Text>,
        kind -> Text,
        status -> Int2,
        attempts -> Int4,
        last_error -> Nullable<Text>,
        next_attempt_at -> Timestamptz,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    mail_requests (network_id, key_kind, key) {
        network_id -> Uuid,
        key_kind -> Int2,
        key -> Text,
        requests -> Int4,
        window_started_at -> Timestamptz,
    }
}

diesel::table! {
    networks (id) {
        id -> Uuid,
        name -> Text,
        api_key -> Text,
        api_secret -> Text,
        globals -> Jsonb,
        settings -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    newsletter_signups (id) {
        id -> Uuid,
        network_id -> Uuid,
        email -> Text,
        user_id -> Nullable<Uuid>,
        handled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    offerings (id) {
        id -> Uuid,
        network_id -> Uuid,
        organization_id -> Uuid,
        user_id -> Uuid,
        capitalization_id -> Nullable<Uuid>,
        primary_offering_id -> Nullable<Uuid>,
        life_cycle_stage -> Int2,
        name -> Nullable<Text>,
        offering_description -> Nullable<Text>,
        additional_type -> Nullable<Text>,
        category -> Nullable<Text>,
        credit_score -> Nullable<Text>,
        currency -> Nullable<Text>,
        is_featured -> Bool,
        is_secondary_offering -> Bool,
        funding_goal -> Nullable<Numeric>,
        external_commitments -> Numeric,
        valuation -> Nullable<Numeric>,
        service_charge -> Nullable<Numeric>,
        equity_offered -> Nullable<Numeric>,
        interest_rate -> Nullable<Numeric>,
        term -> Nullable<Int4>,
        num_of_shares -> Nullable<Numeric>,
        price_per_share -> Nullable<Numeric>,
        open_date -> Nullable<Date>,
        close_date -> Nullable<Date>,
        min_commitment -> Nullable<Numeric>,
        max_commitment -> Nullable<Numeric>,
        max_overfunding_amount -> Nullable<Numeric>,
        gcen_client_id -> Nullable<Text>,
        mangopay_wallet_id -> Nullable<Text>,
        fundamerica_offering_id -> Nullable<Text>,
        custom -> Jsonb,
        submitted_at -> Nullable<Timestamptz>,
        published_at -> Nullable<Timestamptz>,
        settled_at -> Nullable<Timestamptz>,
        canceled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    organization_addresses (id) {
        id -> Uuid,
        network_id -> Uuid,
        organization_id -> Uuid,
        building -> Nullable<Text>,
        sub_building -> Nullable<Text>,
        street_address -> Nullable<Text>,
        address_locality -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    organization_bank_accounts (id) {
        id -> Uuid,
        network_id -> Uuid,
        organization_id -> Uuid,
        bank_name -> Nullable<Text>,
        bank_account_number -> Nullable<Text>,
        bank_routing_number -> Nullable<Text>,
        bank_swift_code -> Nullable<Text>,
        bank_address -> Nullable<Text>,
        bank_country -> Nullable<Text>,
        bank_currency -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    organization_members (organization_id, user_id) {
        network_id -> Uuid,
        organization_id -> Uuid,
        user_id -> Uuid,
        member_type -> Text,
        status -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    organizations (id) {
        id -> Uuid,
        network_id -> Uuid,
        author_user_id -> Uuid,
        contact_point_user_id -> Uuid,
        life_cycle_stage -> Int2,
        visibility -> Int2,
        display_name -> Text,
        legal_name -> Nullable<Text>,
        alternate_name -> Nullable<Text>,
        additional_type -> Nullable<Text>,
        brief_desc -> Nullable<Text>,
        detail_desc -> Nullable<Text>,
        sector -> Nullable<Text>,
        location -> Nullable<Text>,
        founding_date -> Nullable<Date>,
        founding_location -> Nullable<Text>,
        company_number -> Nullable<Text>,
        tax_id -> Nullable<Text>,
        credit_score -> Nullable<Text>,
        org_email -> Nullable<Text>,
        telephone -> Nullable<Text>,
        website -> Nullable<Text>,
        facebook -> Nullable<Text>,
        linkedin -> Nullable<Text>,
        twitter -> Nullable<Text>,
        youtube -> Nullable<Text>,
        logo_document_id -> Nullable<Uuid>,
        gcen_client_id -> Nullable<Text>,
        mangopay_user_id -> Nullable<Text>,
        mangopay_card_id -> Nullable<Text>,
        mangopay_wallet_id -> Nullable<Text>,
        fundamerica_entity_id -> Nullable<Text>,
        reyker_isin -> Nullable<Text>,
        custom -> Jsonb,
        submitted_at -> Nullable<Timestamptz>,
        approved_at -> Nullable<Timestamptz>,
        published_at -> Nullable<Timestamptz>,
        canceled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    payouts (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Uuid,
        investment_id -> Nullable<Uuid>,
        offering_id -> Nullable<Uuid>,
        capitalization_id -> Nullable<Uuid>,
        payout_type -> Int2,
        additional_type -> Nullable<Text>,
        currency -> Nullable<Text>,
        due_date -> Nullable<Date>,
        payout_amount -> Numeric,
        minimum_payment -> Nullable<Numeric>,
        late_fee -> Nullable<Numeric>,
        charge_offs -> Nullable<Numeric>,
        net_recoveries -> Nullable<Numeric>,
        service_charge -> Nullable<Numeric>,
        net_annualized_return -> Nullable<Numeric>,
        custom -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    posts (id) {
        id -> Uuid,
        network_id -> Uuid,
        topic_id -> Uuid,
        user_id -> Uuid,
        body -> Text,
        visibility -> Int2,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    topics (id) {
        id -> Uuid,
        network_id -> Uuid,
        deal_room_id -> Uuid,
        user_id -> Uuid,
        title -> Text,
        body -> Nullable<Text>,
        visibility -> Int2,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    transactions (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Uuid,
        wallet_id -> Nullable<Uuid>,
        payout_id -> Nullable<Uuid>,
        payment_status -> Int2,
        payment_service -> Int2,
        transaction_amount -> Numeric,
        transaction_currency -> Nullable<Text>,
        original_transaction_amount -> Nullable<Numeric>,
        original_transaction_currency -> Nullable<Text>,
        transaction_description -> Nullable<Text>,
        confirmation_number -> Nullable<Text>,
        payment_service_log_id -> Nullable<Text>,
        custom -> Jsonb,
        paid_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    user_access_denied_logs (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Uuid,
        blocked_by_user_id -> Nullable<Uuid>,
        user_message -> Nullable<Text>,
        description -> Nullable<Text>,
        expiration_date -> Nullable<Date>,
        lifted_at -> Nullable<Timestamptz>,
        lifted_by_user_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    user_addresses (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Uuid,
        position -> Int4,
        building -> Nullable<Text>,
        sub_building -> Nullable<Text>,
        street_address -> Nullable<Text>,
        address_locality -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    user_bank_accounts (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Uuid,
        position -> Int4,
        bank_name -> Nullable<Text>,
        bank_account_number -> Nullable<Text>,
        bank_routing_number -> Nullable<Text>,
        bank_swift_code -> Nullable<Text>,
        bank_address -> Nullable<Text>,
        bank_country -> Nullable<Text>,
        bank_currency -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    user_secrets (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Uuid,
        purpose -> Int2,
        secret_hash -> Text,
        email -> Nullable<Text>,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        network_id -> Uuid,
        email -> Text,
        password_hash -> Nullable<Text>,
        password_expired -> Bool,
        is_admin -> Bool,
        is_vip -> Bool,
        email_verified -> Bool,
        phone_verified -> Bool,
        term_service_accepted -> Bool,
        term_service_accepted_at -> Nullable<Timestamptz>,
        registration_complete -> Bool,
        has_been_approved -> Bool,
        has_been_blocked -> Bool,
        block_user_message -> Nullable<Text>,
        block_description -> Nullable<Text>,
        block_expiration_date -> Nullable<Date>,
        blocked_at -> Nullable<Timestamptz>,
        deletion_requested_at -> Nullable<Timestamptz>,
        affiliate_code -> Nullable<Text>,
        referral_code -> Nullable<Text>,
        referred_by_user_id -> Nullable<Uuid>,
        visibility -> Int2,
        honorific_prefix -> Nullable<Text>,
        given_name -> Nullable<Text>,
        additional_name -> Nullable<Text>,
        family_name -> Nullable<Text>,
        honorific_suffix -> Nullable<Text>,
        additional_type -> Nullable<Text>,
        biography -> Nullable<Text>,
        tagline -> Nullable<Text>,
        job_title -> Nullable<Text>,
        sector -> Nullable<Text>,
        location -> Nullable<Text>,
        web_site -> Nullable<Text>,
        time_zone -> Nullable<Text>,
        gender -> Nullable<Text>,
        income_range -> Nullable<Text>,
        image_document_id -> Nullable<Uuid>,
        birth_date -> Nullable<Date>,
        birth_place -> Nullable<Text>,
        birth_country -> Nullable<Text>,
        nationality -> Nullable<Text>,
        passport_number -> Nullable<Text>,
        passport_country -> Nullable<Text>,
        passport_expiry -> Nullable<Date>,
        driving_license_number -> Nullable<Text>,
        tax_id -> Nullable<Text>,
        phone_1 -> Nullable<Text>,
        phone_2 -> Nullable<Text>,
        external_reference_id -> Nullable<Text>,
        gbg_pass_id -> Nullable<Text>,
        gcen_client_id -> Nullable<Text>,
        mangopay_user_id -> Nullable<Text>,
        mangopay_card_id -> Nullable<Text>,
        reyker_id -> Nullable<Text>,
        fundamerica_entity_id -> Nullable<Text>,
        custom -> Jsonb,
        last_login_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    wallets (id) {
        id -> Uuid,
        network_id -> Uuid,
        user_id -> Uuid,
        currency -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        balance -> Numeric,
        committed -> Numeric,
    }
}

diesel::joinable!(applications -> networks (network_id));
diesel::joinable!(audit_log -> networks (network_id));
diesel::joinable!(auth_tokens -> networks (network_id));
diesel::joinable!(bulletins -> networks (network_id));
diesel::joinable!(capitalization_changelog -> networks (network_id));
diesel::joinable!(capitalization_links -> networks (network_id));
diesel::joinable!(capitalizations -> networks (network_id));
diesel::joinable!(comments -> networks (network_id));
diesel::joinable!(cv_auth_nonces -> networks (network_id));
diesel::joinable!(deal_room_members -> networks (network_id));
diesel::joinable!(deal_room_task_responses -> networks (network_id));
diesel::joinable!(deal_room_tasks -> networks (network_id));
diesel::joinable!(deal_rooms -> networks (network_id));
diesel::joinable!(document_group_grants -> networks (network_id));
diesel::joinable!(document_groups -> networks (network_id));
diesel::joinable!(documents -> networks (network_id));
diesel::joinable!(idempotency_keys -> networks (network_id));
diesel::joinable!(investments -> networks (network_id));
diesel::joinable!(invitations -> networks (network_id));
diesel::joinable!(login_attempts -> networks (network_id));
diesel::joinable!(mail_outbox -> networks (network_id));
diesel::joinable!(mail_requests -> networks (network_id));
diesel::joinable!(newsletter_signups -> networks (network_id));
diesel::joinable!(offerings -> networks (network_id));
diesel::joinable!(organization_addresses -> networks (network_id));
diesel::joinable!(organization_bank_accounts -> networks (network_id));
diesel::joinable!(organization_members -> networks (network_id));
diesel::joinable!(organizations -> networks (network_id));
diesel::joinable!(payouts -> networks (network_id));
diesel::joinable!(posts -> networks (network_id));
diesel::joinable!(topics -> networks (network_id));
diesel::joinable!(transactions -> networks (network_id));
diesel::joinable!(user_access_denied_logs -> networks (network_id));
diesel::joinable!(user_addresses -> networks (network_id));
diesel::joinable!(user_bank_accounts -> networks (network_id));
diesel::joinable!(user_secrets -> networks (network_id));
diesel::joinable!(users -> networks (network_id));
diesel::joinable!(wallets -> networks (network_id));

diesel::allow_tables_to_appear_in_same_query!(
    applications,
    audit_log,
    auth_tokens,
    bulletins,
    capitalization_changelog,
    capitalization_links,
    capitalizations,
    comments,
    cv_auth_nonces,
    deal_room_members,
    deal_room_task_responses,
    deal_room_tasks,
    deal_rooms,
    document_group_grants,
    document_groups,
    documents,
    idempotency_keys,
    investments,
    invitations,
    login_attempts,
    mail_outbox,
    mail_requests,
    networks,
    newsletter_signups,
    offerings,
    organization_addresses,
    organization_bank_accounts,
    organization_members,
    organizations,
    payouts,
    posts,
    topics,
    transactions,
    user_access_denied_logs,
    user_addresses,
    user_bank_accounts,
    user_secrets,
    users,
    wallets,
);
