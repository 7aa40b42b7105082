-- The gold file names articles by their input file name.
SELECT title, published_date, body FROM bi.articles WHERE source_name = $1
