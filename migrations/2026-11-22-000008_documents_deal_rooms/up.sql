-- Deal rooms (the access-controlled area of an offering: members/managers, document
-- groups with per-user grants, forum topics/posts/comments, due-diligence tasks) and
-- documents (files attached to a user, organization, offering, investment, payout or
-- deal room). Also wires users.image_document_id and organizations.logo_document_id to
-- documents.
-- Source: seeds/000_a443c91d13a4a6ea.txt ("Deal Rooms", "Content Delivery Networks"),
-- seeds/001_d17389470978c889.txt (Document, User.image, Organization.logo),
-- seeds/002_338b46960d33f2b9.txt (/offerings/{id}/dealrooms, /dealrooms/{id}/topics|documents,
-- /topics/{id}/posts, /posts/{id}/comments, document_group/group_id/owner_object of
-- documents, DELETE /documents/{id}), DESIGN.md §5, §6.

CREATE TABLE deal_rooms (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id   UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    offering_id  UUID NOT NULL,
    -- Creator; by default the only manager (a deal_room_members row with is_manager).
    user_id      UUID NOT NULL,
    -- Not a seed attribute: lets an offering with several deal rooms tell them apart.
    name         TEXT,
    custom       JSONB NOT NULL DEFAULT '{}'
                 CONSTRAINT deal_rooms_custom_object CHECK (jsonb_typeof(custom) = 'object'),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT deal_rooms_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT deal_rooms_offering_fk FOREIGN KEY (network_id, offering_id)
        REFERENCES offerings (network_id, id),
    CONSTRAINT deal_rooms_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX deal_rooms_network_offering_idx ON deal_rooms (network_id, offering_id, created_at);
CREATE INDEX deal_rooms_network_user_idx ON deal_rooms (network_id, user_id);
SELECT diesel_manage_updated_at('deal_rooms');


-- Access requests and grants of a deal room, and its managers (seed 000: users apply,
-- a manager grants; managers may make granted users managers). One row per (room, user).
-- access_status: 0 Requested, 1 Granted, 2 Rejected, 3 Revoked. A manager must be
-- Granted. (Admins and the offering's organization members have access without a row,
-- DESIGN §6.)
CREATE TABLE deal_room_members (
    network_id          UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    deal_room_id        UUID NOT NULL,
    user_id             UUID NOT NULL,
    access_status       SMALLINT NOT NULL DEFAULT 0
                        CONSTRAINT deal_room_members_access_status_range
                        CHECK (access_status BETWEEN 0 AND 3),
    is_manager          BOOLEAN NOT NULL DEFAULT false,
    -- Who granted/rejected/revoked, and when.
    decided_by_user_id  UUID,
    decided_at          TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (deal_room_id, user_id),
    CONSTRAINT deal_room_members_manager_granted CHECK (NOT is_manager OR access_status = 1),
    CONSTRAINT deal_room_members_deal_room_fk FOREIGN KEY (network_id, deal_room_id)
        REFERENCES deal_rooms (network_id, id) ON DELETE CASCADE,
    CONSTRAINT deal_room_members_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id) ON DELETE CASCADE,
    CONSTRAINT deal_room_members_decided_by_fk FOREIGN KEY (network_id, decided_by_user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX deal_room_members_network_deal_room_idx
    ON deal_room_members (network_id, deal_room_id, access_status);
CREATE INDEX deal_room_members_network_user_idx ON deal_room_members (network_id, user_id);
CREATE INDEX deal_room_members_network_decided_by_idx ON deal_room_members (network_id, decided_by_user_id);
SELECT diesel_manage_updated_at('deal_room_members');


-- Document groups of a deal room (seed 002 `group_id` / `document_group` = its name).
-- Documents in a group are private: visible only with a grant on the group (or to admins,
-- the offering's organization members and the room's managers).
CREATE TABLE document_groups (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id    UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    deal_room_id  UUID NOT NULL,
    name          TEXT NOT NULL
                  CONSTRAINT document_groups_name_not_blank CHECK (btrim(name) <> ''),
    description   TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT document_groups_network_id_id_key UNIQUE (network_id, id),
    -- Target of documents' (network_id, deal_room_id, group_id) FK: a document can only
    -- be in a group of its own deal room.
    CONSTRAINT document_groups_network_deal_room_id_key UNIQUE (network_id, deal_room_id, id),
    CONSTRAINT document_groups_name_per_room_key UNIQUE (network_id, deal_room_id, name),
    CONSTRAINT document_groups_deal_room_fk FOREIGN KEY (network_id, deal_room_id)
        REFERENCES deal_rooms (network_id, id) ON DELETE CASCADE
);
SELECT diesel_manage_updated_at('document_groups');


-- Per-user grants on a document group.
CREATE TABLE document_group_grants (
    network_id          UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    document_group_id   UUID NOT NULL,
    user_id             UUID NOT NULL,
    granted_by_user_id  UUID,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (document_group_id, user_id),
    CONSTRAINT document_group_grants_group_fk FOREIGN KEY (network_id, document_group_id)
        REFERENCES document_groups (network_id, id) ON DELETE CASCADE,
    CONSTRAINT document_group_grants_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id) ON DELETE CASCADE,
    CONSTRAINT document_group_grants_granted_by_fk FOREIGN KEY (network_id, granted_by_user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX document_group_grants_network_group_idx ON document_group_grants (network_id, document_group_id);
CREATE INDEX document_group_grants_network_user_idx ON document_group_grants (network_id, user_id);
CREATE INDEX document_group_grants_network_granted_by_idx ON document_group_grants (network_id, granted_by_user_id);


-- Files. Exactly one owner column is set (the seeds' owner_object/owner_id are derived
-- from which one): owner_user_id (POST /self/documents; also profile images),
-- organization_id, offering_id, investment_id, payout_id or deal_room_id. Real columns
-- with composite FKs instead of a polymorphic (owner_object, owner_id) pair, so the
-- database keeps every attachment inside its network.
CREATE TABLE documents (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id        UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    -- Seed `user_id`: who added the document (NULL = the system).
    user_id           UUID,

    owner_user_id     UUID,
    organization_id   UUID,
    offering_id       UUID,
    investment_id     UUID,
    payout_id         UUID,
    deal_room_id      UUID,
    -- Seed `group_id`: a document group of the same deal room (private document).
    group_id          UUID,

    -- 0 Draft, 1 Submitted, 2 Rejected, 3 Approved, 4 Archived (DESIGN §5).
    life_cycle_stage  SMALLINT NOT NULL DEFAULT 0
                      CONSTRAINT documents_life_cycle_stage_range CHECK (life_cycle_stage BETWEEN 0 AND 4),
    -- 0 platform CDN (url is a storage key, returned signed and expiring),
    -- 1 external (url returned as stored).
    source_type       SMALLINT NOT NULL DEFAULT 0
                      CONSTRAINT documents_source_type_range CHECK (source_type BETWEEN 0 AND 1),
    url               TEXT NOT NULL,
    file_name         TEXT,
    file_type         TEXT,
    file_alias        TEXT,
    file_description  TEXT,
    tag               TEXT,

    -- DELETE /documents/{id} hides the document but keeps it for the audit trail.
    deleted_at        TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT documents_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT documents_one_owner CHECK (
        num_nonnulls(owner_user_id, organization_id, offering_id, investment_id, payout_id, deal_room_id) = 1
    ),
    CONSTRAINT documents_group_needs_deal_room CHECK (group_id IS NULL OR deal_room_id IS NOT NULL),
    CONSTRAINT documents_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT documents_owner_user_fk FOREIGN KEY (network_id, owner_user_id)
        REFERENCES users (network_id, id),
    CONSTRAINT documents_organization_fk FOREIGN KEY (network_id, organization_id)
        REFERENCES organizations (network_id, id),
    CONSTRAINT documents_offering_fk FOREIGN KEY (network_id, offering_id)
        REFERENCES offerings (network_id, id),
    CONSTRAINT documents_investment_fk FOREIGN KEY (network_id, investment_id)
        REFERENCES investments (network_id, id),
    CONSTRAINT documents_payout_fk FOREIGN KEY (network_id, payout_id)
        REFERENCES payouts (network_id, id),
    CONSTRAINT documents_deal_room_fk FOREIGN KEY (network_id, deal_room_id)
        REFERENCES deal_rooms (network_id, id),
    -- MATCH SIMPLE: only checked when group_id is set (then deal_room_id is set too, by
    -- the CHECK above), and then the group must belong to that very deal room.
    CONSTRAINT documents_group_fk FOREIGN KEY (network_id, deal_room_id, group_id)
        REFERENCES document_groups (network_id, deal_room_id, id)
);
CREATE INDEX documents_network_user_idx ON documents (network_id, user_id);
CREATE INDEX documents_network_owner_user_idx ON documents (network_id, owner_user_id, created_at DESC);
CREATE INDEX documents_network_organization_idx ON documents (network_id, organization_id, created_at DESC);
CREATE INDEX documents_network_offering_idx ON documents (network_id, offering_id, created_at DESC);
CREATE INDEX documents_network_investment_idx ON documents (network_id, investment_id, created_at DESC);
CREATE INDEX documents_network_payout_idx ON documents (network_id, payout_id, created_at DESC);
-- Also serves the (network_id, deal_room_id, group_id) FK to document_groups.
CREATE INDEX documents_network_deal_room_idx ON documents (network_id, deal_room_id, group_id, created_at DESC);
SELECT diesel_manage_updated_at('documents');


-- Profile image and logo (seed 001 User.image, Organization.logo): the columns were
-- created in 000002/000004; their FKs can only exist now. Deleting the document clears
-- just that column (PG15 column list; network_id is NOT NULL and shared).
ALTER TABLE users
    ADD CONSTRAINT users_image_document_fk FOREIGN KEY (network_id, image_document_id)
        REFERENCES documents (network_id, id) ON DELETE SET NULL (image_document_id);
ALTER TABLE organizations
    ADD CONSTRAINT organizations_logo_document_fk FOREIGN KEY (network_id, logo_document_id)
        REFERENCES documents (network_id, id) ON DELETE SET NULL (logo_document_id);


-- Forum of a deal room: topics -> posts -> comments (seed 002). Each carries a
-- visibility (0 Open, 1 Hidden, 2 Anonymous: author's name not shown).
CREATE TABLE topics (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id    UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    deal_room_id  UUID NOT NULL,
    user_id       UUID NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT,
    visibility    SMALLINT NOT NULL DEFAULT 0
                  CONSTRAINT topics_visibility_range CHECK (visibility BETWEEN 0 AND 2),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT topics_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT topics_deal_room_fk FOREIGN KEY (network_id, deal_room_id)
        REFERENCES deal_rooms (network_id, id) ON DELETE CASCADE,
    CONSTRAINT topics_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX topics_network_deal_room_idx ON topics (network_id, deal_room_id, created_at DESC);
CREATE INDEX topics_network_user_idx ON topics (network_id, user_id);
SELECT diesel_manage_updated_at('topics');

CREATE TABLE posts (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id  UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    topic_id    UUID NOT NULL,
    user_id     UUID NOT NULL,
    body        TEXT NOT NULL,
    visibility  SMALLINT NOT NULL DEFAULT 0
                CONSTRAINT posts_visibility_range CHECK (visibility BETWEEN 0 AND 2),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT posts_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT posts_topic_fk FOREIGN KEY (network_id, topic_id)
        REFERENCES topics (network_id, id) ON DELETE CASCADE,
    CONSTRAINT posts_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX posts_network_topic_idx ON posts (network_id, topic_id, created_at);
CREATE INDEX posts_network_user_idx ON posts (network_id, user_id);
SELECT diesel_manage_updated_at('posts');

CREATE TABLE comments (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id  UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    post_id     UUID NOT NULL,
    user_id     UUID NOT NULL,
    body        TEXT NOT NULL,
    visibility  SMALLINT NOT NULL DEFAULT 0
                CONSTRAINT comments_visibility_range CHECK (visibility BETWEEN 0 AND 2),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT comments_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT comments_post_fk FOREIGN KEY (network_id, post_id)
        REFERENCES posts (network_id, id) ON DELETE CASCADE,
    CONSTRAINT comments_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX comments_network_post_idx ON comments (network_id, post_id, created_at);
CREATE INDEX comments_network_user_idx ON comments (network_id, user_id);
SELECT diesel_manage_updated_at('comments');


-- Due-diligence tasks of a deal room (seed 000: granted users respond to tasks by marking
-- them Started or Completed; no REST route in seed 002, GraphQL only).
CREATE TABLE deal_room_tasks (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    network_id    UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    deal_room_id  UUID NOT NULL,
    -- Creator (a manager).
    user_id       UUID NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT,
    due_date      DATE,
    position      INTEGER NOT NULL DEFAULT 0
                  CONSTRAINT deal_room_tasks_position_nonneg CHECK (position >= 0),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT deal_room_tasks_network_id_id_key UNIQUE (network_id, id),
    CONSTRAINT deal_room_tasks_deal_room_fk FOREIGN KEY (network_id, deal_room_id)
        REFERENCES deal_rooms (network_id, id) ON DELETE CASCADE,
    CONSTRAINT deal_room_tasks_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id)
);
CREATE INDEX deal_room_tasks_network_deal_room_idx
    ON deal_room_tasks (network_id, deal_room_id, position, created_at);
CREATE INDEX deal_room_tasks_network_user_idx ON deal_room_tasks (network_id, user_id);
SELECT diesel_manage_updated_at('deal_room_tasks');

-- Each granted user's progress on a task. status: 0 Not started, 1 Started, 2 Completed.
CREATE TABLE deal_room_task_responses (
    network_id    UUID NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    task_id       UUID NOT NULL,
    user_id       UUID NOT NULL,
    status        SMALLINT NOT NULL DEFAULT 0
                  CONSTRAINT deal_room_task_responses_status_range CHECK (status BETWEEN 0 AND 2),
    started_at    TIMESTAMPTZ,
    completed_at  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, user_id),
    CONSTRAINT deal_room_task_responses_task_fk FOREIGN KEY (network_id, task_id)
        REFERENCES deal_room_tasks (network_id, id) ON DELETE CASCADE,
    CONSTRAINT deal_room_task_responses_user_fk FOREIGN KEY (network_id, user_id)
        REFERENCES users (network_id, id) ON DELETE CASCADE
);
CREATE INDEX deal_room_task_responses_network_task_idx ON deal_room_task_responses (network_id, task_id);
CREATE INDEX deal_room_task_responses_network_user_idx ON deal_room_task_responses (network_id, user_id);
SELECT diesel_manage_updated_at('deal_room_task_responses');
