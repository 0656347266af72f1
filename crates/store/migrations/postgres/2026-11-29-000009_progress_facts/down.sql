DROP TABLE pvt_signings;
DROP TABLE map_final_interviews;
DROP TABLE interim_tests;
DROP TABLE participations;
