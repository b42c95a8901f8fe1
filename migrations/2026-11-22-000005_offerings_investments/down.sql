DROP TABLE bulletins;
DROP TABLE investments;
DROP TABLE offerings;
