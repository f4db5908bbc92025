//! Why Docker's engine could not be asked, and what to do, in English and Japanese (the
//! `docker-unreachable` finding of `doctor`, and every command that asks the engine).
#![allow(missing_docs)] // Each text is named for the error it says; a fix is `<ERROR>_FIX`.

crate::texts! {
    NOT_THERE: "no Docker engine at {at}" / "{at} に Docker エンジンがありません";
    NOT_RUNNING: "the Docker engine at {at} is not running (connection refused)" / "{at} の Docker エンジンが動いていません（接続が拒否されました）";
    DENIED: "permission denied on {at}" / "{at} へのアクセス権がありません";
    TIMEOUT: "the Docker engine at {endpoint} did not answer within {secs} s" / "{endpoint} の Docker エンジンが {secs} 秒以内に応答しませんでした";
    UNSUPPORTED: "DOCKER_HOST={host} is not a local engine: wsltune reads unix:// sockets and npipe:// pipes" / "`DOCKER_HOST={host}` はローカルのエンジンではありません。wsltune が読めるのは `unix://` のソケットと `npipe://` のパイプです";
    ANSWER: "the Docker engine at {endpoint} answered {path} with {why}" / "{endpoint} の Docker エンジンが {path} に次のように応答しました: {why}";
    NOT_THERE_FIX: "Start Docker Desktop and turn on Settings → Resources → WSL integration for this distro (or point DOCKER_HOST or --docker-host at the engine); --no-docker leaves Docker out." / "Docker Desktop を起動し、設定 (Settings) → リソース (Resources) → WSL 統合 (WSL integration) でこのディストリビューションをオンにしてください（または `DOCKER_HOST` か `--docker-host` でエンジンを指定してください）。`--no-docker` を付けると Docker を調べません。";
    NOT_RUNNING_FIX: "Start Docker Desktop (or the engine), wait until it says it is running, then run wsltune again." / "Docker Desktop（またはエンジン）を起動し、実行中と表示されるまで待ってから、wsltune をもう一度実行してください。";
    DENIED_FIX: "Add yourself to the docker group (`sudo usermod -aG docker $USER`), then open a new terminal; or pass --no-docker." / "自分を `docker` グループに追加し（`sudo usermod -aG docker $USER`）、新しいターミナルを開いてください。または `--no-docker` を指定してください。";
    TIMEOUT_FIX: "The engine is busy or stuck: restart Docker Desktop (its menu → Restart), then run wsltune again." / "エンジンが混み合っているか止まっています。Docker Desktop を再起動し（メニュー → 再起動 (Restart)）、wsltune をもう一度実行してください。";
    UNSUPPORTED_FIX: "Point DOCKER_HOST (or --docker-host) at a local unix:// socket or npipe:// pipe, or pass --no-docker." / "`DOCKER_HOST`（または `--docker-host`）でローカルの `unix://` ソケットか `npipe://` パイプを指定するか、`--no-docker` を指定してください。";
    PRUNES_HEADER: "Pruning frees inside the disk (run by you, not wsltune):" / "不要なデータの削除で空くディスク内の容量（次のコマンドは wsltune ではなく、ご自身で実行してください）:";
    ANSWER_FIX: "Update Docker Desktop; if the answer stays, report it with `wsltune doctor --json`'s output." / "Docker Desktop を更新してください。それでも同じ応答が続く場合は、`wsltune doctor --json` の出力を添えて報告してください。";
}
