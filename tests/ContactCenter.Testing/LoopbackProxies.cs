using System.Globalization;
using System.Text;

namespace ContactCenter.Testing;

/// <summary>The proxies a scaled-out deployment puts in front of its parts, run on loopback for tests and load scripts.</summary>
public static class LoopbackProxies
{
    /// <summary>
    /// nginx spreading requests round robin over the instances on <paramref name="upstreamPorts"/>, as
    /// <c>infra/docker/nginx.conf</c> does: forwarded headers set, keep-alive to the instances, event streams unbuffered,
    /// and a request that could not reach an instance (connection refused, as when one died) passed to the next.
    /// </summary>
    public static Task<LoopbackDaemon> NginxAsync(IEnumerable<int> upstreamPorts) =>
        LoopbackDaemon.StartAsync("nginx", "-e stderr -p {folder} -c {folder}/nginx.conf", (folder, port) =>
        {
            var servers = new StringBuilder();
            foreach (var upstream in upstreamPorts)
            {
                servers.Append(CultureInfo.InvariantCulture, $"    server 127.0.0.1:{upstream} max_fails=1 fail_timeout=5s;\n");
            }

            return new Dictionary<string, string>
            {
                ["nginx.conf"] = $$"""
                    daemon off;
                    worker_processes 1;
                    pid {{folder}}/nginx.pid;
                    error_log stderr warn;
                    events { worker_connections 4096; }
                    http {
                      access_log off;
                      client_body_temp_path {{folder}}/body;
                      proxy_temp_path {{folder}}/proxy;
                      fastcgi_temp_path {{folder}}/fastcgi;
                      uwsgi_temp_path {{folder}}/uwsgi;
                      scgi_temp_path {{folder}}/scgi;
                      upstream app {
                    {{servers}}    keepalive 64;
                      }
                      server {
                        listen 127.0.0.1:{{port}};
                        client_max_body_size 50m;
                        location / {
                          proxy_pass http://app;
                          proxy_http_version 1.1;
                          proxy_set_header Connection "";
                          proxy_set_header Host $http_host;
                          proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                          proxy_set_header X-Forwarded-Proto $scheme;
                          proxy_next_upstream error timeout;
                          proxy_connect_timeout 2s;
                          proxy_read_timeout 120s;
                          proxy_buffering off;
                        }
                      }
                    }
                    """,
            };
        });

    /// <summary>
    /// pgbouncer in transaction mode in front of the PostgreSQL server at <paramref name="host"/>:<paramref name="port"/>,
    /// every database, the user and password given (SCRAM both ways): the configuration docs/deployment.md gives operators.
    /// </summary>
    public static Task<LoopbackDaemon> PgbouncerAsync(string host, int port, string user, string password) =>
        LoopbackDaemon.StartAsync("pgbouncer", (Environment.UserName == "root" ? "-u postgres " : "") + "{folder}/pgbouncer.ini", (folder, listen) =>
            new Dictionary<string, string>
            {
                ["pgbouncer.ini"] = $"""
                    [databases]
                    * = host={host} port={port}

                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = {listen}
                    unix_socket_dir =
                    auth_type = scram-sha-256
                    auth_file = {folder}/userlist.txt
                    pool_mode = transaction
                    server_reset_query =
                    ignore_startup_parameters = extra_float_digits
                    max_client_conn = 5000
                    default_pool_size = 5
                    server_idle_timeout = 10
                    """,
                ["userlist.txt"] = $"\"{user}\" \"{password}\"\n",
            });
}
