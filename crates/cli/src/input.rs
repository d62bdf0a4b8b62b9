//! Loading the framework, regions and assessments named on the command line.

use std::fs::File;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use chiiki_diagnosis::{Dataset, InputErrors, read_assessments, read_regions};
use chiiki_framework::Framework;

use crate::args::{FrameworkArg, Inputs};

/// The framework, embedded or from `--framework`.
pub fn framework(arg: &FrameworkArg) -> Result<(Framework, String)> {
    match &arg.framework {
        None => Ok((Framework::study(), chiiki_framework::STUDY_FRAMEWORK_TOML.to_string())),
        Some(path) => {
            let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            let fw = Framework::from_toml_str(&src).map_err(|e| anyhow!("{}: {e}", path.display()))?;
            Ok((fw, src))
        }
    }
}

/// Every problem of a refused input as one error, counted when there are several.
pub fn problems(errors: InputErrors) -> anyhow::Error {
    let n = errors.errors().len();
    if n == 1 { anyhow!("{errors}") } else { anyhow!("{n} problems:\n{errors}") }
}

fn open(path: &Path) -> Result<File> {
    File::open(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The dataset: the study's by default; `--regions` and `--assessments` replace its parts.
///
/// With `--regions` but no `--assessments`, the regions have no assessments yet.
pub fn dataset(inputs: &Inputs, framework: &Framework) -> Result<Dataset> {
    if inputs.regions.is_none() && inputs.assessments.is_none() {
        return Dataset::study(framework)
            .map_err(|e| anyhow!("the study's charts do not fit this framework; give --assessments\n{}", problems(e)));
    }
    let regions = match &inputs.regions {
        Some(path) => read_regions(&path.display().to_string(), open(path)?).map_err(problems)?,
        None => Dataset::study(&Framework::study()).expect("the study fits its own framework").regions,
    };
    let assessments = match &inputs.assessments {
        Some(path) => {
            read_assessments(&path.display().to_string(), open(path)?, framework, &regions).map_err(problems)?
        }
        None => Vec::new(),
    };
    Ok(Dataset { regions, assessments })
}

/// Opens a data package and reads its network tables (without `people` and `collaborations` when
/// `with_projects` is false), every problem reported.
pub fn network(path: &Path, with_projects: bool) -> Result<(chiiki_package::Package, chiiki_package::Network)> {
    let package = chiiki_package::Package::open(path).map_err(problems)?;
    let bar = crate::progress::bytes(package.network_bytes(with_projects), "reading");
    let network = if with_projects {
        package.network_with_progress(&|n| bar.inc(n))
    } else {
        package.lineage_with_progress(&|n| bar.inc(n))
    };
    bar.finish_and_clear();
    let network = network.map_err(problems)?;
    Ok((package, network))
}
