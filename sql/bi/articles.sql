-- bi.articles: one row per article. published_date is the article's own date (NULL when unknown);
-- body is the cleaned text every offset in bi.mentions / bi.quotes points into.
CREATE OR REPLACE VIEW bi.articles AS
SELECT article_id, source_name, title, published_date, publisher, byline, body, dateline, url
FROM main.articles;
