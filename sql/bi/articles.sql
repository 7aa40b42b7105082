-- bi.articles: one row per article. published_date is the article's own date (NULL when unknown);
-- dateline_date is the day a dated dateline gives (relative dates in the text count from it);
-- body is the cleaned text every offset in bi.mentions / bi.quotes points into.
CREATE OR REPLACE VIEW bi.articles AS
SELECT article_id, source_name, title, published_date, publisher, byline, body, dateline, dateline_date, url
FROM main.articles;
