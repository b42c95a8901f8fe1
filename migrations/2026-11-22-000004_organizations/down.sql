DROP TABLE organization_bank_accounts;
DROP TABLE organization_addresses;
DROP TABLE organization_members;
DROP TABLE organizations;
