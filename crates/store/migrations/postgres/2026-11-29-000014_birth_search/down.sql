DROP INDEX persons_by_birth;
