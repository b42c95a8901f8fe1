DROP TABLE capitalization_changelog;
DROP FUNCTION capitalization_changelog_append_only();
DROP TABLE capitalization_links;
DROP INDEX offerings_network_capitalization_key;
ALTER TABLE offerings DROP CONSTRAINT offerings_capitalization_fk;
DROP TABLE capitalizations;
DROP FUNCTION capitalizations_fill_acquisition();
