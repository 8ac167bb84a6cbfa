-- Run once, on the first start of an empty data volume (the postgres image's /docker-entrypoint-initdb.d):
-- each service owns a database of its own, and migrates it itself on start.
CREATE DATABASE shop;
CREATE DATABASE user_api;
