//! The web app's fixed words in English and Japanese. Templates call `t.get("key")`; a test checks
//! that every key a template uses is here, with both languages.

use chiiki_store::Lang;

/// (key, English, Japanese).
const WORDS: &[(&str, &str, &str)] = &[
    ("nav.overview", "Overview", "概要"),
    ("nav.compare", "Compare", "比較"),
    ("nav.login", "Log in", "ログイン"),
    ("nav.logout", "Log out", "ログアウト"),
    ("role.admin", "admin", "管理者"),
    ("role.assessor", "assessor", "評価者"),
    ("role.viewer", "viewer", "閲覧者"),
    ("footer", "chiiki — diagnosis of regional innovation clusters", "chiiki — 地域イノベーション・クラスターの診断"),
    ("login.title", "Log in", "ログイン"),
    ("login.name", "Name", "ユーザー名"),
    ("login.password", "Password", "パスワード"),
    ("login.submit", "Log in", "ログイン"),
    ("overview.title", "Regional clusters", "地域クラスター"),
    (
        "overview.lead",
        "Published Comparative Analysis Charts: strengths at formation and proposals for the near future, by condition.",
        "公表済みの比較分析チャート：条件ごとの形成期の強みと近い将来への提言。",
    ),
    ("overview.heatmap", "Strengths and proposals", "強みと提言"),
    ("overview.none", "No chart has been published yet.", "公表されたチャートはまだありません。"),
    ("overview.map", "Where the regions are", "地域の位置"),
    ("overview.regions", "Regions", "地域"),
    ("overview.unpublished", "not yet", "未公表"),
    ("download", "Download", "ダウンロード"),
    ("region", "Region", "地域"),
    ("formation_base", "Formation base", "形成基盤"),
    ("strengths", "Strengths", "強み"),
    ("proposals", "Proposals", "提言"),
    ("published", "Published", "公表"),
    ("condition", "Condition", "条件"),
    ("strength", "Strength at formation", "形成期の強み"),
    ("proposal", "Proposal for the near future", "近い将来への提言"),
    ("strength_short", "S", "強"),
    ("proposal_short", "P", "提"),
    ("keywords", "Keywords", "キーワード"),
    ("evidence", "Evidence", "根拠"),
    ("region.assess", "Enter my assessment", "自分の評価を入力"),
    ("region.consensus", "Consensus", "合意"),
    ("region.chart", "Comparative Analysis Chart", "比較分析チャート"),
    (
        "region.unpublished",
        "No consensus chart has been published for this region yet.",
        "この地域の合意チャートはまだ公表されていません。",
    ),
    ("region.measured", "Expert and measured marks", "専門家の評点と計測による評点"),
    ("region.expert", "Expert (strength)", "専門家（強み）"),
    ("region.measured_mark", "Measured", "計測"),
    ("region.disagree", "disagree", "不一致"),
    ("region.no_evidence", "no evidence", "根拠データなし"),
    (
        "region.nodata",
        "No data package is loaded for this region: spin-off trees, the network and the phase path appear when the server starts with --data.",
        "この地域のデータパッケージはありません。--data を指定して起動すると、スピンオフ系譜・ネットワーク・発展段階が表示されます。",
    ),
    ("fig.tree", "Spin-off tree", "スピンオフ系譜"),
    ("fig.network", "Joint-research network", "共同研究ネットワーク"),
    ("fig.phases", "Phase path", "発展段階の推移"),
    ("assess.title", "My assessment", "自分の評価"),
    (
        "assess.lead",
        "Marks 0–3 (0 = none, 3 = strongest). Leave a condition at 0 with no text to leave it blank. Keywords are separated by semicolons.",
        "評点は 0〜3（0 = なし、3 = 最も強い）。空欄の条件は 0 のまま、文字も入れないでください。キーワードはセミコロンで区切ります。",
    ),
    ("assess.save", "Save", "保存"),
    ("assess.version", "version", "版"),
    ("consensus.title", "Consensus", "合意"),
    (
        "consensus.lead",
        "Every assessor's marks, the consensus (lower median) and where the assessors disagree.",
        "各評価者の評点、合意（下側中央値）、評価者間で意見が分かれる条件。",
    ),
    ("consensus.alpha", "Agreement (Krippendorff's ordinal alpha)", "一致度（クリッペンドルフの順序 α）"),
    ("consensus.assessors", "assessors", "評価者数"),
    ("consensus.consensus", "Consensus", "合意"),
    ("consensus.disagree", "disagreement", "意見の相違"),
    ("consensus.settled", "settled", "確定"),
    ("consensus.settle", "Settle these marks", "この評点で確定"),
    ("consensus.publish", "Publish the consensus chart", "合意チャートを公表"),
    (
        "consensus.publish_note",
        "Publishes the marks shown above as a new version.",
        "上の評点を新しい版として公表します。",
    ),
    ("compare.title", "Compare regions", "地域の比較"),
    (
        "compare.pick",
        "Pick up to 10 regions with a published chart.",
        "公表済みチャートのある地域を 10 まで選んでください。",
    ),
    ("compare.submit", "Compare", "比較"),
    ("compare.too_many", "Pick at most 10 regions.", "選べる地域は 10 までです。"),
    ("flash.saved", "Your marks were saved.", "評点を保存しました。"),
    ("flash.settled", "The consensus marks were settled.", "合意の評点を確定しました。"),
    ("flash.published", "The consensus chart was published.", "合意チャートを公表しました。"),
    ("flash.logged_in", "Logged in.", "ログインしました。"),
    ("flash.logged_out", "Logged out.", "ログアウトしました。"),
    ("undefined", "undefined", "定義されない"),
    ("none", "none", "なし"),
    (
        "published.line",
        "Version {v}, published by {by} on {date}; assessors: {who}; alpha {alpha}",
        "第 {v} 版、{date} に {by} が公表。評価者：{who}。α {alpha}",
    ),
];

/// The words of one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    /// The word for `key`; the key itself when unknown (a test keeps that from happening).
    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        match WORDS.iter().find(|w| w.0 == key) {
            Some((_, en, ja)) => match self.0 {
                Lang::En => en,
                Lang::Ja => ja,
            },
            None => key,
        }
    }

    /// The framework's language for the renderers.
    pub fn lang(&self) -> chiiki_framework::Lang {
        match self.0 {
            Lang::En => chiiki_framework::Lang::En,
            Lang::Ja => chiiki_framework::Lang::Ja,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_once() {
        for (i, (k, en, ja)) in WORDS.iter().enumerate() {
            assert!(!en.is_empty() && !ja.is_empty(), "{k}");
            assert!(WORDS[..i].iter().all(|w| w.0 != *k), "{k} twice");
        }
    }

    #[test]
    fn every_key_the_templates_use_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut used = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for part in text.split("t.get(\"").skip(1) {
                let key = &part[..part.find('"').unwrap()];
                assert!(WORDS.iter().any(|w| w.0 == key), "template key {key:?} missing");
                used += 1;
            }
        }
        assert!(used > 50, "{used}");
        assert_eq!(Tr(Lang::Ja).get("nav.login"), "ログイン");
    }
}
