DROP TABLE newsletter_signups;
DROP TABLE mail_outbox;
DROP TABLE applications;
DROP TABLE invitations;
