export PGPASSFILE=/work/wt/one-path/.data/pgpass
export TAOBAOETL__Database__ConnectionString="Host=127.0.0.1;Port=$(cat /work/wt/one-path/.data/pg.port);Username=taobaoetl;Database=taobao_etl;Passfile=/work/wt/one-path/.data/pgpass"
