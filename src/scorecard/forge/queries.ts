/**
 * GraphQL documents of the Scorecard forge. One query gives what Scorecard's GitHub client gets
 * from its commits/issues/branches handlers (clients/githubrepo/graphql.go, branches.go): the last
 * 30 commits with their pull request, reviews, statuses and check suites; 30 issues by update
 * with 30 comments each; the default branch's rules.
 */

const RULE_FIELDS = `allowsDeletions allowsForcePushes requiredApprovingReviewCount requiresCodeOwnerReviews requiresLinearHistory requiredStatusCheckContexts`;
const ADMIN_RULE_FIELDS = `${RULE_FIELDS} dismissesStaleReviews isAdminEnforced requiresStrictStatusChecks requiresStatusChecks requireLastPushApproval`;

/** The branch fragment: refUpdateRule is readable by anyone with push access, branchProtectionRule needs admin. */
export const BRANCH_FIELDS = `name refUpdateRule { ${RULE_FIELDS} } branchProtectionRule { ${ADMIN_RULE_FIELDS} }`;

export const REPOSITORY_QUERY = `query ScorecardRepository($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    isArchived
    createdAt
    defaultBranchRef {
      ${BRANCH_FIELDS}
      target {
        ... on Commit {
          history(first: 30) {
            nodes {
              oid
              committedDate
              message
              author { email user { login } }
              associatedPullRequests(first: 1) {
                nodes {
                  number
                  mergedAt
                  headRefOid
                  author { __typename login }
                  mergedBy { login }
                  labels(last: 30) { nodes { name } }
                  reviews(last: 30) { nodes { state author { login } } }
                  commits(last: 1) {
                    nodes {
                      commit {
                        status { contexts { state context targetUrl } }
                        checkSuites(first: 30) {
                          nodes { app { slug } success: checkRuns(first: 1, filterBy: { status: COMPLETED, conclusions: [SUCCESS] }) { totalCount } neutral: checkRuns(first: 1, filterBy: { status: COMPLETED, conclusions: [NEUTRAL] }) { totalCount } }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    issues(first: 30, orderBy: { field: UPDATED_AT, direction: DESC }) {
      nodes { createdAt authorAssociation comments(last: 30) { nodes { createdAt authorAssociation } } }
    }
  }
}`;

/** Several branches in one query, aliased b0, b1, … */
export function branchesQuery(count: number): string {
  const refs = Array.from({ length: count }, (_, index) => `b${index}: ref(qualifiedName: $r${index}) { ${BRANCH_FIELDS} }`).join('\n    ');
  const variables = Array.from({ length: count }, (_, index) => `$r${index}: String!`).join(', ');
  return `query ScorecardBranches($owner: String!, $name: String!, ${variables}) {\n  repository(owner: $owner, name: $name) {\n    ${refs}\n  }\n}`;
}

/** Companies and organisations of many users in one query (Scorecard makes two REST calls per user). */
export function usersQuery(count: number): string {
  const users = Array.from({ length: count }, (_, index) => `u${index}: user(login: $l${index}) { login company organizations(first: 100) { nodes { login } } }`).join('\n  ');
  const variables = Array.from({ length: count }, (_, index) => `$l${index}: String!`).join(', ');
  return `query ScorecardUsers(${variables}) {\n  ${users}\n}`;
}
