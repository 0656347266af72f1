DROP TABLE referrals;
DROP TABLE person_consents;
DROP TABLE person_documents;
