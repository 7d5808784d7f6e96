-- Bank holidays, as published on GOV.UK (https://www.gov.uk/bank-holidays.json), for working-day timescales.
-- Loaded from config/bank-holidays.json at every start and by `npm run import:bank-holidays -- FILE`.

CREATE TABLE bank_holidays (
  division text NOT NULL CHECK (division IN ('england-and-wales', 'scotland', 'northern-ireland')),
  date date NOT NULL,
  title text NOT NULL CHECK (title <> ''),
  PRIMARY KEY (division, date)
);
