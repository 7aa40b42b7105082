-- Every table is read whole, in scan order, as the shared scorers read it: their greedy matching depends on it.
select source_name, article_id, published_date from bi.articles
